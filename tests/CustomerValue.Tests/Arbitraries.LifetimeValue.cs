using CustomerValue.Lifetime;
using CustomerValue.Lifetime.Serialization;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerValue.Tests;

public static partial class Arbitraries
{
    /// <summary>Positive finite doubles with every mantissa bit random and exponents from 2^−60 to 2^60 (stresses round-trip formatting).</summary>
    public static Gen<double> FullPrecisionPositive =>
        Gen.Choose(0, (1 << 26) - 1).SelectMany(high =>
            Gen.Choose(0, (1 << 26) - 1).SelectMany(low =>
                Gen.Choose(-60, 60).Select(exponent =>
                    Math.ScaleB(1 + ((((long)high << 26) | (long)low) * Math.ScaleB(1, -52)), exponent))));

    /// <summary>A model document of a random kind with full-precision parameters, and (sometimes) standard errors, covariance and fit statistics.</summary>
    public static Arbitrary<ModelDocumentCase> ModelDocuments() =>
        Gen.Elements(LifetimeModelNames.All.ToArray()).SelectMany(model =>
            Gen.Elements(TimeUnit.Day, TimeUnit.Week, TimeUnit.Month, TimeUnit.Year).SelectMany(unit =>
                FullPrecisionPositive.ArrayOf(LifetimeModelNames.ParameterNames(model).Count * 3).SelectMany(values =>
                    Gen.Choose(0, 3).SelectMany(extras =>
                        Gen.Choose(0, 100_000).Select(iterations =>
                            new ModelDocumentCase(model, unit, values, extras, iterations))))))
        .ToArbitrary();

    /// <summary>A customer, a purchase model with closed forms, spend and lifetime-value options.</summary>
    public static Arbitrary<LifetimeValueCase> LifetimeValueCases() =>
        Gen.Choose(0, 60).SelectMany(age =>
            Gen.Choose(0, 40).SelectMany(frequency =>
                Gen.Choose(0, 1000).SelectMany(recencyPermille =>
                    Gen.Choose(1, 1000).SelectMany(lambdaPermille =>
                        Gen.Choose(0, 200).SelectMany(muPermille =>
                            Gen.Choose(0, 500).SelectMany(ratePermille =>
                                Gen.Elements(DiscountingMethod.Discrete, DiscountingMethod.Continuous).SelectMany(method =>
                                    Gen.Choose(1, 2000).SelectMany(horizonTenths =>
                                        Gen.Choose(0, 10_000).Select(spendCents =>
                                        {
                                            double x = age == 0 ? 0 : frequency;
                                            double tx = x == 0 ? 0 : age * recencyPermille / 1000.0;
                                            return new LifetimeValueCase(
                                                x, tx, age, spendCents / 100.0, lambdaPermille / 1000.0, muPermille / 1000.0,
                                                ratePermille / 1000.0, method, horizonTenths / 10.0);
                                        })))))))))
        .ToArbitrary();
}

/// <summary>A generated model document (see <see cref="Arbitraries.ModelDocuments"/>).</summary>
public sealed record ModelDocumentCase(string Model, TimeUnit Unit, double[] Values, int Extras, int Iterations)
{
    /// <summary>Builds the document: parameters, then standard errors (Extras ≥ 1), covariance (≥ 2), fit statistics and fingerprint (3).</summary>
    public LifetimeModelDocument Build()
    {
        var names = LifetimeModelNames.ParameterNames(Model);
        int k = names.Count;
        var document = LifetimeModelDocument.Create(Model, Unit, names.Select((n, i) => new KeyValuePair<string, double>(n, Values[i])));
        if (Extras == 0)
        {
            return document;
        }

        var errors = Values.Skip(k).Take(k).ToArray();

        // L·Lᵀ with L lower triangular: symmetric bit for bit and positive semi-definite, as the reader requires.
        var l = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                l[i, j] = i == j ? errors[i] : -Values[(2 * k) + j] / (1 + i) * 1e-3 * errors[i];
            }
        }

        var covariance = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double sum = 0;
                for (int m = 0; m <= Math.Min(i, j); m++)
                {
                    sum += l[i, m] * l[j, m];
                }

                covariance[i, j] = sum;
            }
        }

        return document.With(
            errors,
            Extras >= 2 ? new CustomerValue.Lifetime.Fitting.CovarianceMatrix([.. names], covariance) : null,
            Extras >= 3 ? new FitSummary(-Values[0] * 1000, Iterations % 2 == 0, "GradientTolerance", Iterations, Iterations, Values[1], Values[2]) : null,
            Extras >= 3 ? "sha256:" + new string('a', 64) : null);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Model} {Unit} [{string.Join(", ", Values.Select(v => v.ToString("R")))}] extras {Extras}";
}

/// <summary>A generated lifetime-value case (see <see cref="Arbitraries.LifetimeValueCases"/>).</summary>
public sealed record LifetimeValueCase(
    double Frequency, double Recency, double Age, double Spend, double Lambda, double Mu, double RatePerYear, DiscountingMethod Method, double Horizon);
