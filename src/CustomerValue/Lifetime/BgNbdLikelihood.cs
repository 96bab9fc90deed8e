using CustomerValue.Lifetime.Fitting;
using MathNet.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The BG/NBD or MBG/NBD log-likelihood of compressed summaries, with its analytic gradient (see
/// <see cref="BgNbdKernel"/> for the formula).
/// </summary>
/// <remarks>
/// Terms that depend on x only (lnΓ(r+x), ln B(a, b′+x), digammas) are computed once per distinct x and per
/// evaluation, and ln(α+T), ln(α+t_x) once per distinct T and t_x (summaries built from day-level logs have few), so
/// each row costs one exponential and one logarithm. Rows are summed with
/// <see cref="ChunkedSum"/> (parallel, fixed order). Not thread-safe (it reuses its per-x buffers); one instance per fit.
/// </remarks>
internal sealed class BgNbdLikelihood : ILogLikelihood
{
    private readonly WeightedSummaries _data;
    private readonly bool _modified;
    private readonly double[] _distinctX;
    private readonly int[] _xIndex;
    private readonly double[] _distinctAge;
    private readonly int[] _ageIndex;
    private readonly double[] _distinctRecency;
    private readonly int[] _recencyIndex;

    // Per distinct T and t_x, refreshed by each evaluation: ln(α+·) and 1/(α+·).
    private readonly double[] _logAge;
    private readonly double[] _inverseAge;
    private readonly double[] _logRecency;
    private readonly double[] _inverseRecency;

    // Per distinct x, refreshed by each evaluation.
    private readonly double[] _constant;
    private readonly double[] _logRatio;
    private readonly double[] _inverseC;
    private readonly double[] _dr;
    private readonly double[] _da;
    private readonly double[] _db;

    public BgNbdLikelihood(WeightedSummaries data, bool modified)
    {
        _data = data;
        _modified = modified;
        (_distinctX, _xIndex) = Distinct(data.Frequency);
        (_distinctAge, _ageIndex) = Distinct(data.Age);
        (_distinctRecency, _recencyIndex) = Distinct(data.Recency);
        _logAge = new double[_distinctAge.Length];
        _inverseAge = new double[_distinctAge.Length];
        _logRecency = new double[_distinctRecency.Length];
        _inverseRecency = new double[_distinctRecency.Length];
        int m = _distinctX.Length;
        _constant = new double[m];
        _logRatio = new double[m];
        _inverseC = new double[m];
        _dr = new double[m];
        _da = new double[m];
        _db = new double[m];
    }

    /// <summary>The distinct values of a column and each row's index into them (summaries from day-level logs have few distinct T and t_x).</summary>
    private static (double[] Values, int[] Index) Distinct(double[] column)
    {
        var lookup = new Dictionary<double, int>();
        var values = new List<double>();
        var index = new int[column.Length];
        for (int i = 0; i < column.Length; i++)
        {
            double v = column[i];
            if (!lookup.TryGetValue(v, out int slot))
            {
                slot = values.Count;
                lookup.Add(v, slot);
                values.Add(v);
            }

            index[i] = slot;
        }

        return ([.. values], index);
    }

    public string[] ParameterNames => ["r", "alpha", "a", "b"];

    public double CustomerCount => _data.TotalWeight;

    public int DistinctRows => _data.Count;

    public bool HasGradient => true;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        double r = parameters[0], alpha = parameters[1], a = parameters[2], b = parameters[3];
        double bp = _modified ? b + 1 : b;
        double logAlpha = Math.Log(alpha);
        double common = (r * logAlpha) - SpecialFunctions.GammaLn(r) - SpecialFunctions.BetaLn(a, b);
        double psiR = SpecialFunctions.DiGamma(r), psiAB = SpecialFunctions.DiGamma(a + b), psiB = SpecialFunctions.DiGamma(b);
        bool wantGradient = !gradient.IsEmpty;
        for (int j = 0; j < _distinctX.Length; j++)
        {
            double x = _distinctX[j];
            double c = bp + x - 1;
            _constant[j] = common + SpecialFunctions.GammaLn(r + x) + SpecialFunctions.BetaLn(a, bp + x);

            // BG/NBD has no second term when x = 0: ln ratio = −∞ makes softplus and its slope 0.
            bool second = _modified || x > 0;
            _logRatio[j] = second ? Math.Log(a / c) : double.NegativeInfinity;
            _inverseC[j] = second ? 1 / c : 0;
            if (wantGradient)
            {
                double psiABX = SpecialFunctions.DiGamma(a + bp + x);
                _dr[j] = SpecialFunctions.DiGamma(r + x) - psiR + logAlpha;
                _da[j] = psiAB - psiABX;
                _db[j] = SpecialFunctions.DiGamma(bp + x) - psiABX - psiB + psiAB;
            }
        }

        for (int k = 0; k < _distinctAge.Length; k++)
        {
            _logAge[k] = Math.Log(alpha + _distinctAge[k]);
            _inverseAge[k] = 1 / (alpha + _distinctAge[k]);
        }

        for (int k = 0; k < _distinctRecency.Length; k++)
        {
            _logRecency[k] = Math.Log(alpha + _distinctRecency[k]);
            _inverseRecency[k] = 1 / (alpha + _distinctRecency[k]);
        }

        return ChunkedSum.Run(_data.Count, gradient, (start, end, g) => Rows(start, end, r, alpha, a, g));
    }

    private double Rows(int start, int end, double r, double alpha, double a, Span<double> g)
    {
        var frequency = _data.Frequency;
        var weight = _data.Weight;
        bool wantGradient = !g.IsEmpty;
        double sum = 0, gr = 0, galpha = 0, ga = 0, gb = 0;
        for (int i = start; i < end; i++)
        {
            int j = _xIndex[i], ti = _ageIndex[i], ri = _recencyIndex[i];
            double rx = r + frequency[i];
            double logT = _logAge[ti];
            double logTx = _logRecency[ri];
            double d = _logRatio[j] + (rx * (logT - logTx));

            // softplus(D) = max(D, 0) + ln(1 + e^−|D|), and σ(D) from the same exponential.
            double e = Math.Exp(-Math.Abs(d));
            double softplus = Math.Max(d, 0) + BgNbdKernel.Log1P(e);
            double w = weight[i];
            sum += w * (_constant[j] - (rx * logT) + softplus);
            if (wantGradient)
            {
                // σ(D): the posterior probability of the "dropped out after the last purchase" branch.
                double s = d > 0 ? 1 / (1 + e) : e / (1 + e);
                double inverseT = _inverseAge[ti];
                double inverseTx = _inverseRecency[ri];
                gr += w * (_dr[j] - logT + (s * (logT - logTx)));
                galpha += w * ((r / alpha) - (rx * inverseT) + (s * rx * (inverseT - inverseTx)));
                ga += w * (_da[j] + (s / a));
                gb += w * (_db[j] - (s * _inverseC[j]));
            }
        }

        if (wantGradient)
        {
            g[0] = gr;
            g[1] = galpha;
            g[2] = ga;
            g[3] = gb;
        }

        return sum;
    }
}
