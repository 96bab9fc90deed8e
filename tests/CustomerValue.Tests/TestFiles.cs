namespace CustomerValue.Tests;

/// <summary>Paths of the data files copied next to the test assembly.</summary>
internal static class TestFiles
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static IEnumerable<string[]> Csv(string name) =>
        File.ReadLines(Path(name)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));
}
