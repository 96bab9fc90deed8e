using System.Diagnostics;

namespace CustomerValue.Tests.Packaging;

/// <summary>
/// Packs the library and the tool, installs both from a local folder feed into a fresh consumer project and tool path,
/// and runs them, as a user would after <c>dotnet add package</c> and <c>dotnet tool install</c>.
/// </summary>
public sealed class PackageTests
{
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CustomerValue.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CustomerValue.sln not found above the test folder.");
    }

    private static (int Code, string Output) Dotnet(string workingDirectory, params string[] args) => Run("dotnet", workingDirectory, args);

    private static (int Code, string Output) Run(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The most the tool package may weigh (docs/cli.md records its size): it was 189 MB with ScottPlot and SkiaSharp.</summary>
    private const long MaximumToolPackageBytes = 40L * 1024 * 1024;

    /// <summary>The most the tool may take unpacked: what <c>dotnet tool install</c> writes to disk.</summary>
    private const long MaximumToolInstalledBytes = 100L * 1024 * 1024;

    /// <summary>
    /// The tool is small: the package at most 40 MB and 100 MB unpacked, and no debug symbols of native libraries (the
    /// .pdb files of SkiaSharp and HarfBuzzSharp once made up 256 MB of it).
    /// </summary>
    private static void AssertSmallTool(string nupkg)
    {
        long packed = new FileInfo(nupkg).Length;
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        long unpacked = zip.Entries.Sum(e => e.Length);
        var nativeSymbols = zip.Entries.Select(e => e.FullName)
            .Where(n => n.Contains("/native/", StringComparison.Ordinal) && n.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(packed <= MaximumToolPackageBytes, $"CustomerValue.Cli is {packed / 1048576.0:0.0} MB packed (limit {MaximumToolPackageBytes / 1048576} MB)");
        Assert.True(unpacked <= MaximumToolInstalledBytes, $"CustomerValue.Cli is {unpacked / 1048576.0:0.0} MB unpacked (limit {MaximumToolInstalledBytes / 1048576} MB)");
        Assert.True(nativeSymbols.Count == 0, "native debug symbols in the tool package: " + string.Join(", ", nativeSymbols));
    }

    [Fact]
    public void The_packages_install_from_a_folder_feed_and_run()
    {
        string root = RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), $"cv-pack-{Guid.NewGuid():N}");
        string feed = Path.Combine(work, "feed");
        Directory.CreateDirectory(feed);
        try
        {
            foreach (var project in new[] { "src/CustomerValue/CustomerValue.csproj", "src/CustomerValue.Cli/CustomerValue.Cli.csproj" })
            {
                var (code, output) = Dotnet(root, "pack", project, "-c", "Release", "-o", feed, "-p:Version=0.1.0-test");
                Assert.True(code == 0, output);
            }

            Assert.True(File.Exists(Path.Combine(feed, "CustomerValue.0.1.0-test.nupkg")));
            Assert.True(File.Exists(Path.Combine(feed, "CustomerValue.0.1.0-test.snupkg")));
            Assert.True(File.Exists(Path.Combine(feed, "CustomerValue.Cli.0.1.0-test.nupkg")));
            AssertSmallTool(Path.Combine(feed, "CustomerValue.Cli.0.1.0-test.nupkg"));
            using (var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, "CustomerValue.0.1.0-test.nupkg")))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("README.md", entries);
                Assert.Contains("lib/net10.0/CustomerValue.xml", entries);
                Assert.Contains("lib/net10.0/CustomerValue.dll", entries);
            }

            // A fresh consumer project outside the repository (no Directory.Build.props), its own package folder.
            string consumer = Path.Combine(work, "consumer");
            Directory.CreateDirectory(consumer);
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="CustomerValue" Version="0.1.0-test" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using CustomerValue;
                using CustomerValue.Samples;
                using CustomerValue.Summaries;

                var options = new SummaryOptions(SampleData.CdnowCalibrationEnd, TimeUnit.Week, SampleData.CdnowHoldoutEnd);
                CustomerSummaries summaries = SummaryAccumulator.Summarize(SampleData.CdnowTransactions(), options);
                double repeat = 0;
                foreach (double x in summaries.Frequency) { repeat += x; }
                Console.WriteLine($"customers={summaries.Count} repeat={repeat}");
                """);
            var (runCode, runOutput) = Dotnet(consumer, "run", "-c", "Release");
            Assert.True(runCode == 0, runOutput);
            Assert.Contains("customers=2357 repeat=2457", runOutput, StringComparison.Ordinal);

            string tools = Path.Combine(work, "tools");
            var (installCode, installOutput) = Dotnet(work, "tool", "install", "CustomerValue.Cli", "--tool-path", tools, "--add-source", feed, "--version", "0.1.0-test");
            Assert.True(installCode == 0, installOutput);
            var (helpCode, helpOutput) = Run(Path.Combine(tools, "customer-value"), work, "--help");
            Assert.True(helpCode == 0, helpOutput);
            Assert.Contains("summarize", helpOutput, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(work, true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
