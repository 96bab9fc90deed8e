using CustomerValue.Lifetime.Fitting;
using MathNet.Numerics;

namespace CustomerValue.Lifetime;

/// <summary>
/// The BG/NBD or MBG/NBD log-likelihood of compressed summaries, with its analytic gradient (see
/// <see cref="BgNbdKernel"/> for the formula).
/// </summary>
/// <remarks>
/// Terms that depend on x only (lnΓ(r+x), ln B(a, b′+x), digammas) are computed once per distinct x and per
/// evaluation, so each row costs two logarithms, one exponential and one log1p. Rows are summed with
/// <see cref="ChunkedSum"/> (parallel, fixed order). Not thread-safe (it reuses its per-x buffers); one instance per fit.
/// </remarks>
internal sealed class BgNbdLikelihood : ILogLikelihood
{
    private readonly WeightedSummaries _data;
    private readonly bool _modified;
    private readonly double[] _distinctX;
    private readonly int[] _xIndex;

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
        var lookup = new Dictionary<double, int>();
        var distinct = new List<double>();
        _xIndex = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            double x = data.Frequency[i];
            if (!lookup.TryGetValue(x, out int slot))
            {
                slot = distinct.Count;
                lookup.Add(x, slot);
                distinct.Add(x);
            }

            _xIndex[i] = slot;
        }

        _distinctX = [.. distinct];
        int m = _distinctX.Length;
        _constant = new double[m];
        _logRatio = new double[m];
        _inverseC = new double[m];
        _dr = new double[m];
        _da = new double[m];
        _db = new double[m];
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

        return ChunkedSum.Run(_data.Count, gradient, (start, end, g) => Rows(start, end, r, alpha, a, g));
    }

    private double Rows(int start, int end, double r, double alpha, double a, Span<double> g)
    {
        var frequency = _data.Frequency;
        var recency = _data.Recency;
        var age = _data.Age;
        var weight = _data.Weight;
        bool wantGradient = !g.IsEmpty;
        double sum = 0, gr = 0, galpha = 0, ga = 0, gb = 0;
        for (int i = start; i < end; i++)
        {
            int j = _xIndex[i];
            double rx = r + frequency[i];
            double logT = Math.Log(alpha + age[i]);
            double logTx = Math.Log(alpha + recency[i]);
            double d = _logRatio[j] + (rx * (logT - logTx));
            double softplus = d > 0 ? d + Log1PExp(-d) : Log1PExp(d);
            double w = weight[i];
            sum += w * (_constant[j] - (rx * logT) + softplus);
            if (wantGradient)
            {
                // σ(D): the posterior probability of the "dropped out after the last purchase" branch.
                double s = d > 0 ? 1 / (1 + Math.Exp(-d)) : Math.Exp(d) / (1 + Math.Exp(d));
                double inverseT = 1 / (alpha + age[i]);
                double inverseTx = 1 / (alpha + recency[i]);
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

    /// <summary>ln(1 + eᵈ) for d ≤ 0.</summary>
    private static double Log1PExp(double d) => d < -37 ? Math.Exp(d) : BgNbdKernel.Log1P(Math.Exp(d));
}
