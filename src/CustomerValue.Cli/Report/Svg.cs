using System.Globalization;
using System.Net;
using System.Text;

namespace CustomerValue.Cli.Report;

/// <summary>
/// A small SVG writer for the report's charts: rectangles, lines, text and a plot area with axes. Everything is
/// plain markup — no native library, no fonts to ship: the browser draws the text in the page's own font.
/// </summary>
internal sealed class SvgCanvas(int width, int height)
{
    public const string Ink = "#1d232b";
    public const string Muted = "#6b7280";
    public const string Grid = "#e5e7eb";
    public const string Primary = "#1f5fa8";
    public const string Secondary = "#e07b39";

    private readonly StringBuilder _body = new();

    public int Width { get; } = width;

    public int Height { get; } = height;

    public void Rect(double x, double y, double w, double h, string fill, string? tooltip = null)
    {
        _body.Append(Invariant($"<rect x=\"{R(x)}\" y=\"{R(y)}\" width=\"{R(Math.Max(w, 0))}\" height=\"{R(Math.Max(h, 0))}\" fill=\"{fill}\""));
        if (tooltip is null)
        {
            _body.Append("/>");
        }
        else
        {
            _body.Append("><title>").Append(E(tooltip)).Append("</title></rect>");
        }
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dash = null) =>
        _body.Append(Invariant($"<line x1=\"{R(x1)}\" y1=\"{R(y1)}\" x2=\"{R(x2)}\" y2=\"{R(y2)}\" stroke=\"{stroke}\" stroke-width=\"{R(strokeWidth)}\"{Dash(dash)}/>"));

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 2, string? dash = null)
    {
        _body.Append("<polyline fill=\"none\" stroke-linejoin=\"round\" points=\"");
        bool first = true;
        foreach (var (x, y) in points)
        {
            _body.Append(first ? string.Empty : " ").Append(R(x)).Append(',').Append(R(y));
            first = false;
        }

        _body.Append(Invariant($"\" stroke=\"{stroke}\" stroke-width=\"{R(strokeWidth)}\"{Dash(dash)}/>"));
    }

    public void Circle(double cx, double cy, double r, string fill, string stroke = "#fff") =>
        _body.Append(Invariant($"<circle cx=\"{R(cx)}\" cy=\"{R(cy)}\" r=\"{R(r)}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>"));

    /// <summary>Text at (x, y) (baseline); <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> in degrees about (x, y).</summary>
    public void Text(double x, double y, string text, double size = 13, string anchor = "start", string fill = Ink, bool bold = false, double rotate = 0, bool halo = false)
    {
        _body.Append(Invariant($"<text x=\"{R(x)}\" y=\"{R(y)}\" font-size=\"{R(size)}\" fill=\"{fill}\""));
        if (anchor != "start")
        {
            _body.Append(" text-anchor=\"").Append(anchor).Append('"');
        }

        if (bold)
        {
            _body.Append(" font-weight=\"700\"");
        }

        if (halo)
        {
            _body.Append(" stroke=\"#fff\" stroke-width=\"4\" paint-order=\"stroke\"");
        }

        if (rotate != 0)
        {
            _body.Append(Invariant($" transform=\"rotate({R(rotate)} {R(x)} {R(y)})\""));
        }

        _body.Append('>').Append(E(text)).Append("</text>");
    }

    /// <summary>A legend entry: a colour swatch (a box, or a line when <paramref name="line"/>) and its label; returns the x after it.</summary>
    public double LegendItem(double x, double y, string colour, string label, bool line = false, string? dash = null)
    {
        if (line)
        {
            Line(x, y - 4, x + 22, y - 4, colour, 3, dash);
        }
        else
        {
            Rect(x + 4, y - 11, 14, 14, colour);
        }

        Text(x + 28, y, label, 13);
        return x + 28 + (EstimateWidth(label, 13) + 22);
    }

    /// <summary>
    /// The finished SVG element: responsive (its viewBox scales to the page width), with the role of an image whose
    /// accessible name is <paramref name="title"/> and whose description is <paramref name="description"/>.
    /// </summary>
    public string ToSvg(string id, string title, string description) =>
        Invariant($"<svg class=\"chart\" data-chart=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" font-family=\"inherit\">")
        + $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>"
        + _body + "</svg>";

    /// <summary>A rough width of a text in pixels (average glyph width of a sans face), to place labels without measuring.</summary>
    public static double EstimateWidth(string text, double size) => text.Length * size * 0.56;

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string R(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Dash(string? dash) => dash is null ? string.Empty : $" stroke-dasharray=\"{dash}\"";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>A rectangle of the canvas with linear data scales on both axes, and the axes, ticks and grid drawn around it.</summary>
internal sealed class PlotArea(SvgCanvas canvas, double left, double top, double right, double bottom)
{
    public SvgCanvas Canvas { get; } = canvas;

    public double Left { get; } = left;

    public double Top { get; } = top;

    public double Right { get; } = canvas.Width - right;

    public double Bottom { get; } = canvas.Height - bottom;

    public double XMin { get; set; }

    public double XMax { get; set; } = 1;

    public double YMin { get; set; }

    public double YMax { get; set; } = 1;

    public double X(double value) => Left + ((value - XMin) / (XMax - XMin) * (Right - Left));

    public double Y(double value) => Bottom - ((value - YMin) / (YMax - YMin) * (Bottom - Top));

    /// <summary>Horizontal grid lines and labels at <paramref name="ticks"/> on the left axis, with the axis title turned upright.</summary>
    public void YAxis(IEnumerable<double> ticks, Func<double, string> label, string title)
    {
        foreach (double t in ticks)
        {
            double y = Y(t);
            Canvas.Line(Left, y, Right, y, SvgCanvas.Grid);
            Canvas.Text(Left - 6, y + 4.5, label(t), 13, "end", SvgCanvas.Muted);
        }

        Canvas.Text(16, (Top + Bottom) / 2, title, 14, "middle", SvgCanvas.Ink, rotate: -90);
    }

    /// <summary>Tick labels at <paramref name="ticks"/> under the plot and the axis title below them.</summary>
    public void XAxis(IEnumerable<double> ticks, Func<double, string> label, string title, bool grid = false)
    {
        foreach (double t in ticks)
        {
            double x = X(t);
            if (grid)
            {
                Canvas.Line(x, Top, x, Bottom, SvgCanvas.Grid);
            }

            Canvas.Line(x, Bottom, x, Bottom + 4, SvgCanvas.Muted);
            Canvas.Text(x, Bottom + 19, label(t), 13, "middle", SvgCanvas.Muted);
        }

        XTitle(title);
    }

    public void XTitle(string title) => Canvas.Text((Left + Right) / 2, Bottom + 40, title, 14, "middle");

    /// <summary>The axis lines on the left and at the bottom.</summary>
    public void Frame()
    {
        Canvas.Line(Left, Bottom, Right, Bottom, SvgCanvas.Muted);
        Canvas.Line(Left, Top, Left, Bottom, SvgCanvas.Muted);
    }

    /// <summary>About <paramref name="count"/> round tick values (steps of 1, 2 or 5 × 10^k) from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static double[] NiceTicks(double min, double max, int count = 5)
    {
        if (!(max > min))
        {
            return [min];
        }

        double step = NiceStep((max - min) / count);
        var ticks = new List<double>();
        for (double t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            ticks.Add(Math.Round(t / step) * step);
        }

        return [.. ticks];
    }

    /// <summary>The smallest of 1, 2, 5 × 10^k at or above <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double f = rough / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }

    /// <summary>The axis maximum: the smallest nice step multiple at or above <paramref name="max"/>.</summary>
    public static double NiceMax(double max, int count = 5)
    {
        if (!(max > 0))
        {
            return 1;
        }

        double step = NiceStep(max / count);
        return Math.Ceiling(max / step) * step;
    }
}

/// <summary>A sequential colour scale (viridis: dark purple for low, yellow for high), readable in grey and by most colour-blind readers.</summary>
internal static class ColourScale
{
    private static readonly (double At, int R, int G, int B)[] Stops =
    [
        (0.00, 0x44, 0x01, 0x54), (0.25, 0x3b, 0x52, 0x8b), (0.50, 0x21, 0x91, 0x8c), (0.75, 0x5e, 0xc9, 0x62), (1.00, 0xfd, 0xe7, 0x25),
    ];

    public static string At(double t)
    {
        t = double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1);
        int i = 1;
        while (i < Stops.Length - 1 && t > Stops[i].At)
        {
            i++;
        }

        var (a, b) = (Stops[i - 1], Stops[i]);
        double f = (t - a.At) / (b.At - a.At);
        int r = (int)Math.Round(a.R + ((b.R - a.R) * f));
        int g = (int)Math.Round(a.G + ((b.G - a.G) * f));
        int bl = (int)Math.Round(a.B + ((b.B - a.B) * f));
        return $"#{r:x2}{g:x2}{bl:x2}";
    }
}
