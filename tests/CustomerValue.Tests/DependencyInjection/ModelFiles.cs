using CustomerValue.Lifetime.Serialization;

namespace CustomerValue.Tests.DependencyInjection;

/// <summary>Model files with the published CDNOW parameters, written once per test run to a temporary folder.</summary>
internal static class ModelFiles
{
    private static readonly Lazy<(string Purchase, string Spend)> Files = new(() =>
    {
        string dir = Directory.CreateTempSubdirectory("cv-di-").FullName;
        string purchase = System.IO.Path.Combine(dir, "bgnbd.json");
        string spend = System.IO.Path.Combine(dir, "gg.json");
        LifetimeModelJson.WriteFile(purchase, LifetimeModelDocument.Create(LifetimeModelNames.BgNbd, TimeUnit.Week, new Dictionary<string, double> { ["r"] = 0.243, ["alpha"] = 4.414, ["a"] = 0.793, ["b"] = 2.426 }));
        LifetimeModelJson.WriteFile(spend, LifetimeModelDocument.Create(LifetimeModelNames.GammaGamma, TimeUnit.Week, new Dictionary<string, double> { ["p"] = 6.25, ["q"] = 3.74, ["gamma"] = 15.44 }));
        return (purchase, spend);
    });

    public static string BgNbd => Files.Value.Purchase;

    public static string GammaGamma => Files.Value.Spend;
}
