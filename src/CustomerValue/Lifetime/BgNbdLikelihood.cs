using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CustomerValue.Lifetime.Fitting;
using CustomerValue.Numerics;
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
internal sealed unsafe class BgNbdLikelihood : ILogLikelihood
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
    private readonly double[] _weightX;
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
        _weightX = new double[m];
        for (int i = 0; i < data.Count; i++)
        {
            _weightX[_xIndex[i]] += data.Weight[i];
        }

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

        // Terms constant within an x group are summed once per group (weight of the group × term); the rows add only
        // what depends on T and t_x. The chunk "gradient" carries four row sums, combined below.
        double groupSum = 0, groupR = 0, groupA = 0, groupB = 0;
        for (int j = 0; j < _distinctX.Length; j++)
        {
            groupSum += _weightX[j] * _constant[j];
            if (wantGradient)
            {
                groupR += _weightX[j] * _dr[j];
                groupA += _weightX[j] * _da[j];
                groupB += _weightX[j] * _db[j];
            }
        }

        Span<double> rows = stackalloc double[4];
        double rowSum = ChunkedSum.Run(_data.Count, wantGradient ? rows : [], (start, end, g) => Rows(start, end, r, g));
        if (wantGradient)
        {
            gradient[0] = groupR + rows[0];
            gradient[1] = (r / alpha * _data.TotalWeight) + rows[1];
            gradient[2] = groupA + (rows[2] / a);
            gradient[3] = groupB - rows[3];
        }

        return groupSum + rowSum;
    }

    /// <summary>
    /// Σ w·(softplus(D) − (r+x) ln(α+T)) over rows [start, end); with a gradient, also Σ w·(s·(ln(α+T) − ln(α+t_x)) − ln(α+T)),
    /// Σ w·(r+x)·(s·(1/(α+T) − 1/(α+t_x)) − 1/(α+T)), Σ w·s and Σ w·s/(b′+x−1), where s = σ(D).
    /// </summary>
    private double Rows(int start, int end, double r, Span<double> g)
    {
        var frequency = _data.Frequency;
        var weight = _data.Weight;
        bool wantGradient = !g.IsEmpty;
        double sum = 0, gr = 0, galpha = 0, sws = 0, swsc = 0;
        int i = start;
        if (Avx2.IsSupported && end - start >= 8)
        {
            i = VectorRows(start, end, r, wantGradient, out sum, out gr, out galpha, out sws, out swsc);
        }

        for (; i < end; i++)
        {
            int j = _xIndex[i], ti = _ageIndex[i], ri = _recencyIndex[i];
            double rx = r + frequency[i];
            double logT = _logAge[ti];
            double logRatio = logT - _logRecency[ri];
            double d = _logRatio[j] + (rx * logRatio);

            // softplus(D) = max(D, 0) + ln(1 + e^−|D|) (absolute accuracy is what a sum of log-likelihoods needs),
            // and σ(D) from the same exponential.
            double e = Math.Exp(-Math.Abs(d));
            double w = weight[i];
            sum += w * (Math.Max(d, 0) + Math.Log(1 + e) - (rx * logT));
            if (wantGradient)
            {
                double inverse = 1 / (1 + e);
                double ws = w * (d > 0 ? inverse : e * inverse);
                double inverseT = _inverseAge[ti];
                gr += (ws * logRatio) - (w * logT);
                galpha += rx * ((ws * (inverseT - _inverseRecency[ri])) - (w * inverseT));
                sws += ws;
                swsc += ws * _inverseC[j];
            }
        }

        if (wantGradient)
        {
            g[0] = gr;
            g[1] = galpha;
            g[2] = sws;
            g[3] = swsc;
        }

        return sum;
    }

    /// <summary>
    /// The row sums of <see cref="Rows"/>, four rows per step (AVX2 gathers from the per-x, per-T and per-t_x tables,
    /// <see cref="VectorMath"/>'s exp and log). Returns the first row not processed; the caller finishes the tail. The lane sums are
    /// added in a fixed order, so results stay deterministic.
    /// </summary>
    private int VectorRows(int start, int end, double r, bool wantGradient, out double sum, out double gr, out double galpha, out double sws, out double swsc)
    {
        var vSum = Vector256<double>.Zero;
        var vGr = Vector256<double>.Zero;
        var vAlpha = Vector256<double>.Zero;
        var vSws = Vector256<double>.Zero;
        var vSwsc = Vector256<double>.Zero;
        var vr = Vector256.Create(r);
        var one = Vector256.Create(1.0);
        int i = start;
        fixed (double* frequency = _data.Frequency, weight = _data.Weight, logRatioTable = _logRatio, inverseCTable = _inverseC,
            logAgeTable = _logAge, inverseAgeTable = _inverseAge, logRecencyTable = _logRecency, inverseRecencyTable = _inverseRecency)
        fixed (int* xIndex = _xIndex, ageIndex = _ageIndex, recencyIndex = _recencyIndex)
        {
            for (; i <= end - 4; i += 4)
            {
                var j = Vector128.Load(xIndex + i);
                var ti = Vector128.Load(ageIndex + i);
                var ri = Vector128.Load(recencyIndex + i);
                var rx = vr + Vector256.Load(frequency + i);
                var w = Vector256.Load(weight + i);
                var logT = Avx2.GatherVector256(logAgeTable, ti, 8);
                var logRatio = logT - Avx2.GatherVector256(logRecencyTable, ri, 8);
                var d = Avx2.GatherVector256(logRatioTable, j, 8) + (rx * logRatio);
                // e^(−|d|) and ln(1 + e) with the library's own lane functions: unlike Vector256.Exp and Log, they give
                // the same bits before and after the JIT optimises this loop, so a refit of the same data (or the Hessian
                // at its end) never moves in the last digits. Below e^−700 the term is under 1e-304 and is taken as 0;
                // a NaN d (invalid parameters) stays NaN.
                var negative = -Vector256.Abs(d);
                var e = VectorMath.Select(Vector256.LessThan(negative, Vector256.Create(-VectorMath.ExpLimit)), Vector256<double>.Zero, VectorMath.ExpInRange(negative));
                var term = Vector256.Max(d, Vector256<double>.Zero) + VectorMath.LogRatio(one + e, one) - (rx * logT);
                vSum += w * VectorMath.Select(Vector256.Equals(d, d), term, d);
                if (wantGradient)
                {
                    var inverse = one / (one + e);
                    var ws = w * Vector256.ConditionalSelect(Vector256.GreaterThan(d, Vector256<double>.Zero), inverse, e * inverse);
                    var inverseT = Avx2.GatherVector256(inverseAgeTable, ti, 8);
                    vGr += (ws * logRatio) - (w * logT);
                    vAlpha += rx * ((ws * (inverseT - Avx2.GatherVector256(inverseRecencyTable, ri, 8))) - (w * inverseT));
                    vSws += ws;
                    vSwsc += ws * Avx2.GatherVector256(inverseCTable, j, 8);
                }
            }
        }

        sum = Vector256.Sum(vSum);
        gr = Vector256.Sum(vGr);
        galpha = Vector256.Sum(vAlpha);
        sws = Vector256.Sum(vSws);
        swsc = Vector256.Sum(vSwsc);
        return i;
    }
}
