using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Numerics;
using MathNet.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The BG/NBD or MBG/NBD log-likelihood of compressed summaries, with its analytic gradient and Hessian (see
/// <see cref="BgNbdKernel"/> for the formula).
/// </summary>
/// <remarks>
/// <para>Per customer, ln L = G(x) − (r+x)·ln(α+T) + softplus(D) with G(x) = lnΓ(r+x) − lnΓ(r) + r ln α +
/// ln B(a, b′+x) − ln B(a, b), D = ln(a/c) + (r+x)·(ln(α+T) − ln(α+t_x)), c = b′+x−1 and b′ = b (BG/NBD) or b+1
/// (MBG/NBD); BG/NBD has no softplus term when x = 0. With s = σ(D) and q = s(1−s), the derivatives of softplus(D) are
/// s·∂D and q·∂D∂Dᵀ + s·∂²D, and ∂D = (L, (r+x)M, 1/a, −1/c) with L = ln(α+T) − ln(α+t_x), M = 1/(α+T) − 1/(α+t_x).</para>
/// <para>The compressed rows are sorted by x, so each frequency is a contiguous range. The rows are cut into fixed
/// segments of at most <see cref="SegmentSize"/> rows within one frequency; per segment, fourteen row sums
/// (Σw·s·L, Σw·q·L², …) are accumulated four rows at a time (AVX2, the library's own exp and log lanes; the loops are
/// compiled fully optimised from the first call, so every evaluation of a fit runs the same code and gives the same
/// bits), and the terms that depend on x only (lnΓ, ψ, ψ₁) are
/// computed once per distinct x. Segments run in parallel; their sums are added in segment order, so every result is
/// bitwise the same whatever the thread count. Not thread-safe (it reuses its buffers); one instance per fit.</para>
/// </remarks>
internal sealed unsafe class BgNbdLikelihood : ISecondOrderLogLikelihood
{
    /// <summary>Rows per segment; fixed (never derived from the core count) so the summation order is fixed.</summary>
    internal const int SegmentSize = 4096;

    /// <summary>Row sums per segment (see <see cref="SegmentSums"/>).</summary>
    private const int Sums = 14;

    private const int Value = 0, SL = 1, LT = 2, SM = 3, IT = 4, S = 5, QLL = 6, QLM = 7, QMM = 8, QL = 9, QM = 10, Q = 11, SRT = 12, IT2 = 13;

    private readonly WeightedSummaries _data;
    private readonly bool _modified;
    private readonly double[] _distinctX;
    private readonly double[] _weightX;
    private readonly int[] _segmentStart;
    private readonly int[] _segmentEnd;
    private readonly int[] _segmentGroup;
    private readonly double[] _partials;
    private readonly double _maxAge;

    // Per distinct x, refreshed by each evaluation.
    private readonly double[] _logRatio;
    private readonly double[] _inverseC;

    public BgNbdLikelihood(WeightedSummaries data, bool modified)
    {
        _data = data;
        _modified = modified;
        var distinct = new List<double>();
        var weights = new List<double>();
        var start = new List<int>();
        var end = new List<int>();
        var group = new List<int>();
        int n = data.Count;
        int i = 0;
        while (i < n)
        {
            double x = data.Frequency[i];
            int j = i;
            double weight = 0;
            while (j < n && data.Frequency[j].Equals(x))
            {
                weight += data.Weight[j];
                j++;
            }

            for (int s = i; s < j; s += SegmentSize)
            {
                start.Add(s);
                end.Add(Math.Min(j, s + SegmentSize));
                group.Add(distinct.Count);
            }

            distinct.Add(x);
            weights.Add(weight);
            i = j;
        }

        _distinctX = [.. distinct];
        _weightX = [.. weights];
        _segmentStart = [.. start];
        _segmentEnd = [.. end];
        _segmentGroup = [.. group];
        _partials = new double[_segmentStart.Length * Sums];
        _logRatio = new double[_distinctX.Length];
        _inverseC = new double[_distinctX.Length];
        _maxAge = 0;
        foreach (double t in data.Age)
        {
            _maxAge = Math.Max(_maxAge, t);
        }
    }

    public string[] ParameterNames => [.. LifetimeModelCatalog.BgNbd.ParameterNames];

    public double CustomerCount => _data.TotalWeight;

    public int DistinctRows => _data.Count;

    public bool HasGradient => true;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient) =>
        Evaluate(parameters, gradient, [], gradient.IsEmpty ? Level.Value : Level.Gradient);

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, Span<double> hessian) =>
        Evaluate(parameters, gradient, hessian, Level.Hessian);

    private enum Level
    {
        Value,
        Gradient,
        Hessian,
    }

    private double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, Span<double> hessian, Level level)
    {
        double r = parameters[0], alpha = parameters[1], a = parameters[2], b = parameters[3];
        double bp = _modified ? b + 1 : b;
        double logAlpha = Math.Log(alpha);
        double logA = Math.Log(a);
        for (int j = 0; j < _distinctX.Length; j++)
        {
            // BG/NBD has no second term when x = 0: ln ratio = −∞ makes softplus and its slopes 0.
            double c = bp + _distinctX[j] - 1;
            bool second = _modified || _distinctX[j] > 0;
            _logRatio[j] = second ? logA - Math.Log(c) : double.NegativeInfinity;
            _inverseC[j] = second ? 1 / c : 0;
        }

        // The row sums, segment by segment (in parallel), then added in segment order.
        bool vector = Avx2.IsSupported && Fma.IsSupported && alpha >= 1e-300 && alpha + _maxAge <= 1e300;
        int segments = _segmentStart.Length;
        if (segments == 1 || _data.Count < 2 * SegmentSize)
        {
            for (int s = 0; s < segments; s++)
            {
                SegmentSums(s, r, alpha, level, vector);
            }
        }
        else
        {
            Parallel.For(0, segments, s => SegmentSums(s, r, alpha, level, vector));
        }

        Span<double> g = stackalloc double[4];
        Span<double> h = stackalloc double[16];
        g.Clear();
        h.Clear();
        double total = 0;
        for (int s = 0; s < segments; s++)
        {
            var p = _partials.AsSpan(s * Sums, Sums);
            total += p[Value];
            if (level == Level.Value)
            {
                continue;
            }

            int j = _segmentGroup[s];
            double rx = r + _distinctX[j], inverseC = _inverseC[j];
            g[0] += p[SL] - p[LT];
            g[1] += rx * (p[SM] - p[IT]);
            g[2] += p[S] / a;
            g[3] -= p[S] * inverseC;
            if (level == Level.Hessian)
            {
                h[0] += p[QLL];
                h[1] += (rx * p[QLM]) + p[SM] - p[IT];
                h[2] += p[QL] / a;
                h[3] -= p[QL] * inverseC;
                h[5] += rx * ((rx * p[QMM]) + p[SRT] + p[IT2]);
                h[6] += rx * p[QM] / a;
                h[7] -= rx * p[QM] * inverseC;
                h[10] += (p[Q] - p[S]) / (a * a);
                h[11] -= p[Q] * inverseC / a;
                h[15] += (p[Q] + p[S]) * inverseC * inverseC;
            }
        }

        // The terms of G(x), once per distinct x, weighted by the customers with that x.
        double common = (r * logAlpha) - SpecialFunctions.GammaLn(r) - SpecialFunctions.BetaLn(a, b);
        double psiR = 0, psiAB = 0, psiB = 0, triR = 0, triAB = 0, triB = 0;
        if (level != Level.Value)
        {
            psiR = SpecialFunctions.DiGamma(r);
            psiAB = SpecialFunctions.DiGamma(a + b);
            psiB = SpecialFunctions.DiGamma(b);
        }

        if (level == Level.Hessian)
        {
            triR = Polygamma.Trigamma(r);
            triAB = Polygamma.Trigamma(a + b);
            triB = Polygamma.Trigamma(b);
        }

        double groups = 0;
        for (int j = 0; j < _distinctX.Length; j++)
        {
            double x = _distinctX[j], w = _weightX[j];
            groups += w * (common + SpecialFunctions.GammaLn(r + x) + SpecialFunctions.BetaLn(a, bp + x));
            if (level == Level.Value)
            {
                continue;
            }

            double psiABX = SpecialFunctions.DiGamma(a + bp + x);
            g[0] += w * (SpecialFunctions.DiGamma(r + x) - psiR + logAlpha);
            g[2] += w * (psiAB - psiABX);
            g[3] += w * (SpecialFunctions.DiGamma(bp + x) - psiABX - psiB + psiAB);
            if (level == Level.Hessian)
            {
                double triABX = Polygamma.Trigamma(a + bp + x);
                h[0] += w * (Polygamma.Trigamma(r + x) - triR);
                h[10] += w * (triAB - triABX);
                h[11] += w * (triAB - triABX);
                h[15] += w * (Polygamma.Trigamma(bp + x) - triABX - triB + triAB);
            }
        }

        if (level != Level.Value)
        {
            double n = _data.TotalWeight;
            g[1] += r / alpha * n;
            g.CopyTo(gradient);
            if (level == Level.Hessian)
            {
                h[1] += n / alpha;
                h[5] -= n * r / (alpha * alpha);
                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < i; j++)
                    {
                        h[(i * 4) + j] = h[(j * 4) + i];
                    }
                }

                h.CopyTo(hessian);
            }
        }

        return groups + total;
    }

    /// <summary>
    /// The row sums of segment <paramref name="segment"/> into its slot of <see cref="_partials"/>: Σw·(softplus(D) −
    /// (r+x)·ln(α+T)); with the gradient Σw·s·L, Σw·ln(α+T), Σw·s·M, Σw/(α+T), Σw·s; with the Hessian Σw·q·L², Σw·q·L·M,
    /// Σw·q·M², Σw·q·L, Σw·q·M, Σw·q, Σw·s·(1/(α+t_x)² − 1/(α+T)²), Σw/(α+T)².
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SegmentSums(int segment, double r, double alpha, Level level, bool vector)
    {
        int start = _segmentStart[segment], end = _segmentEnd[segment], j = _segmentGroup[segment];
        double rx = r + _distinctX[j], logRatio = _logRatio[j];
        var sums = _partials.AsSpan(segment * Sums, Sums);
        sums.Clear();
        int i = start;
        if (vector && end - start >= 4)
        {
            i = double.IsNegativeInfinity(logRatio)
                ? VectorFirstTermOnly(start, end, rx, alpha, level, sums)
                : VectorRows(start, end, rx, logRatio, alpha, level, sums);
        }

        var age = _data.Age;
        var recency = _data.Recency;
        var weight = _data.Weight;
        for (; i < end; i++)
        {
            double w = weight[i];
            double at = alpha + age[i], ar = alpha + recency[i];
            double logT = Math.Log(at);
            double inverseT = 1 / at;
            if (double.IsNegativeInfinity(logRatio))
            {
                sums[Value] -= w * rx * logT;
                sums[LT] += w * logT;
                sums[IT] += w * inverseT;
                sums[IT2] += w * inverseT * inverseT;
                continue;
            }

            double inverseR = 1 / ar;
            double l = logT - Math.Log(ar);
            double m = inverseT - inverseR;
            double d = logRatio + (rx * l);

            // softplus(D) = max(D, 0) + ln(1 + e^−|D|), and σ(D) and σ(D)(1 − σ(D)) from the same exponential.
            double e = Math.Exp(-Math.Abs(d));
            sums[Value] += w * (Math.Max(d, 0) + Math.Log(1 + e) - (rx * logT));
            if (level == Level.Value)
            {
                continue;
            }

            double inverse = 1 / (1 + e);
            double ws = w * (d > 0 ? inverse : e * inverse);
            sums[SL] += ws * l;
            sums[LT] += w * logT;
            sums[SM] += ws * m;
            sums[IT] += w * inverseT;
            sums[S] += ws;
            if (level == Level.Hessian)
            {
                double wq = w * e * inverse * inverse;
                sums[QLL] += wq * l * l;
                sums[QLM] += wq * l * m;
                sums[QMM] += wq * m * m;
                sums[QL] += wq * l;
                sums[QM] += wq * m;
                sums[Q] += wq;
                sums[SRT] += ws * ((inverseR * inverseR) - (inverseT * inverseT));
                sums[IT2] += w * inverseT * inverseT;
            }
        }
    }

    /// <summary>The sums of rows without the second term (BG/NBD, x = 0), four rows per step; returns the first row not processed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int VectorFirstTermOnly(int start, int end, double rx, double alpha, Level level, Span<double> sums)
    {
        var vLogT = Vector256<double>.Zero;
        var vInverseT = Vector256<double>.Zero;
        var vInverseT2 = Vector256<double>.Zero;
        var vAlpha = Vector256.Create(alpha);
        var one = Vector256<double>.One;
        int i = start;
        fixed (double* age = _data.Age, weight = _data.Weight)
        {
            for (; i <= end - 4; i += 4)
            {
                var at = vAlpha + Vector256.Load(age + i);
                var w = Vector256.Load(weight + i);
                var wLogT = w * VectorMath.LogPositive(at);
                vLogT += wLogT;
                if (level != Level.Value)
                {
                    var inverseT = one / at;
                    var wInverseT = w * inverseT;
                    vInverseT += wInverseT;
                    vInverseT2 += wInverseT * inverseT;
                }
            }
        }

        double logT = Vector256.Sum(vLogT);
        sums[Value] = -rx * logT;
        sums[LT] = logT;
        sums[IT] = Vector256.Sum(vInverseT);
        sums[IT2] = Vector256.Sum(vInverseT2);
        return i;
    }

    /// <summary>The fourteen row sums of <see cref="SegmentSums"/>, four rows per step; returns the first row not processed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int VectorRows(int start, int end, double rx, double logRatio, double alpha, Level level, Span<double> sums)
    {
        var vValue = Vector256<double>.Zero;
        var vSL = Vector256<double>.Zero;
        var vLT = Vector256<double>.Zero;
        var vSM = Vector256<double>.Zero;
        var vIT = Vector256<double>.Zero;
        var vS = Vector256<double>.Zero;
        var vQLL = Vector256<double>.Zero;
        var vQLM = Vector256<double>.Zero;
        var vQMM = Vector256<double>.Zero;
        var vQL = Vector256<double>.Zero;
        var vQM = Vector256<double>.Zero;
        var vQ = Vector256<double>.Zero;
        var vSRT = Vector256<double>.Zero;
        var vIT2 = Vector256<double>.Zero;
        var vAlpha = Vector256.Create(alpha);
        var vrx = Vector256.Create(rx);
        var vLogRatio = Vector256.Create(logRatio);
        var one = Vector256<double>.One;
        var zero = Vector256<double>.Zero;
        var expLimit = Vector256.Create(-VectorMath.ExpLimit);
        int i = start;
        fixed (double* age = _data.Age, recency = _data.Recency, weight = _data.Weight)
        {
            for (; i <= end - 4; i += 4)
            {
                var at = vAlpha + Vector256.Load(age + i);
                var ar = vAlpha + Vector256.Load(recency + i);
                var w = Vector256.Load(weight + i);
                var logT = VectorMath.LogPositive(at);
                var l = logT - VectorMath.LogPositive(ar);
                var d = Vector256.FusedMultiplyAdd(vrx, l, vLogRatio);

                // e^(−|d|) and ln(1 + e); below e^−700 the term is under 1e-304 and is taken as 0; a NaN d (invalid
                // parameters) stays NaN.
                var negative = -Vector256.Abs(d);
                var e = VectorMath.Select(Vector256.LessThan(negative, expLimit), zero, VectorMath.ExpInRange(negative));
                var onePlusE = one + e;
                var term = Vector256.Max(d, zero) + VectorMath.LogPositive(onePlusE) - (vrx * logT);
                vValue += w * VectorMath.Select(Vector256.Equals(d, d), term, d);
                if (level == Level.Value)
                {
                    continue;
                }

                var inverse = one / onePlusE;
                var ei = e * inverse;
                var ws = w * VectorMath.Select(Vector256.GreaterThan(d, zero), inverse, ei);
                var inverseT = one / at;
                var inverseR = one / ar;
                var m = inverseT - inverseR;
                vSL += ws * l;
                vLT += w * logT;
                vSM += ws * m;
                vIT += w * inverseT;
                vS += ws;
                if (level == Level.Hessian)
                {
                    var wq = w * ei * inverse;
                    var wql = wq * l;
                    var wqm = wq * m;
                    vQLL += wql * l;
                    vQLM += wql * m;
                    vQMM += wqm * m;
                    vQL += wql;
                    vQM += wqm;
                    vQ += wq;
                    vSRT += ws * ((inverseR * inverseR) - (inverseT * inverseT));
                    vIT2 += w * inverseT * inverseT;
                }
            }
        }

        sums[Value] = Vector256.Sum(vValue);
        sums[SL] = Vector256.Sum(vSL);
        sums[LT] = Vector256.Sum(vLT);
        sums[SM] = Vector256.Sum(vSM);
        sums[IT] = Vector256.Sum(vIT);
        sums[S] = Vector256.Sum(vS);
        sums[QLL] = Vector256.Sum(vQLL);
        sums[QLM] = Vector256.Sum(vQLM);
        sums[QMM] = Vector256.Sum(vQMM);
        sums[QL] = Vector256.Sum(vQL);
        sums[QM] = Vector256.Sum(vQM);
        sums[Q] = Vector256.Sum(vQ);
        sums[SRT] = Vector256.Sum(vSRT);
        sums[IT2] = Vector256.Sum(vIT2);
        return i;
    }
}
