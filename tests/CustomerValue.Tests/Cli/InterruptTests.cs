using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CustomerValue.Cli;

namespace CustomerValue.Tests.Cli;

/// <summary>A large log, written once for the interrupt tests (1.5 million customers: the summary takes a moment to write).</summary>
public sealed class LargeLogFixture : IDisposable
{
    public LargeLogFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("cv-interrupt-").FullName;
        Log = Path.Combine(Directory, "log.csv");
        var random = new Random(11);
        using var writer = new StreamWriter(Log, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        writer.WriteLine("customer_id,date,amount");
        for (int c = 0; c < Customers; c++)
        {
            writer.Write(c.ToString(CultureInfo.InvariantCulture));
            writer.Write(string.Create(CultureInfo.InvariantCulture, $",2020-{random.Next(1, 13):00}-{random.Next(1, 29):00},{random.Next(1, 500)}.{random.Next(0, 100):00}\n"));
        }
    }

    public const int Customers = 1_500_000;

    public string Directory { get; }

    public string Log { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>
/// SIGINT and SIGTERM sent to the real command line (<c>dotnet customer-value.dll</c>) while it writes its output:
/// the target is the old file or absent, never a partial one, and no temporary file is left behind.
/// </summary>
public sealed class InterruptTests(LargeLogFixture fixture) : IClassFixture<LargeLogFixture>
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

#pragma warning disable SYSLIB1054 // one call in a test: DllImport keeps the test project free of unsafe code
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    [Theory]
    [InlineData(SigInt, true)]
    [InlineData(SigTerm, true)]
    [InlineData(SigTerm, false)]
    public void A_signal_mid_write_leaves_the_old_file_or_none_and_no_temporary_file(int signal, bool targetExists)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        string dir = Directory.CreateTempSubdirectory("cv-interrupt-out-").FullName;
        try
        {
            string target = Path.Combine(dir, "summary.csv");
            byte[] old = Encoding.UTF8.GetBytes("customer_id,frequency,recency,T,monetary_value,time_unit\nold,0,0,1,0,week\n");

            // The signal must land while the temporary file is being written; should the write ever finish first (it
            // takes far longer than the poll below), try again rather than pass without testing.
            for (int attempt = 1; ; attempt++)
            {
                if (targetExists)
                {
                    File.WriteAllBytes(target, old);
                }
                else
                {
                    File.Delete(target);
                }

                var (signalled, exitCode, stderr) = RunAndSignal(target, dir, signal);
                string[] left = Directory.GetFiles(dir).Select(Path.GetFileName).Where(n => n != "summary.csv").ToArray()!;
                Assert.True(left.Length == 0, $"left behind: {string.Join(", ", left)}");
                if (!signalled)
                {
                    Assert.True(exitCode == 0, stderr);
                    Assert.True(attempt < 3, "the write finished before the signal three times");
                    continue;
                }

                // Stopped by the signal (128 + its number), not finished.
                Assert.True(exitCode == 128 + signal, $"exit code {exitCode}; stderr: {stderr}");
                if (targetExists)
                {
                    Assert.Equal(old, File.ReadAllBytes(target));
                }
                else
                {
                    Assert.False(File.Exists(target), "a partial file was left at the target");
                }

                return;
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Starts <c>summarize</c>, waits until its temporary output holds data, then signals it; false when it finished first.</summary>
    private (bool Signalled, int ExitCode, string Stderr) RunAndSignal(string target, string dir, int signal)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "customer-value.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { cli, "summarize", "--transactions", fixture.Log, "--calibration-end", "2020-12-31", "--output", target })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        bool signalled = false;
        string pattern = "." + Path.GetFileName(target) + ".*.tmp";
        while (!process.HasExited)
        {
            var temporary = Directory.GetFiles(dir, pattern);
            if (temporary.Length == 1 && new FileInfo(temporary[0]).Length > 0)
            {
                // Writing has begun: stop the process now.
                signalled = Kill(process.Id, signal) == 0 && !process.HasExited;
                break;
            }

            Thread.Sleep(1);
        }

        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the command did not stop");
        stdout.Wait();
        return (signalled, process.ExitCode, stderr.Result);
    }

    [Theory]
    [InlineData("segment", "--output", "--stats")]
    [InlineData("cross-sell", "--output", "--stats")]
    [InlineData("profit", "--output", "--stats")]
    [InlineData("profit", "--stats", "--margins")]
    [InlineData("profit", "--output", "--margins")]
    public void Two_outputs_of_one_command_to_one_path_are_refused_and_the_file_kept(string command, string first, string second)
    {
        string dir = Directory.CreateTempSubdirectory("cv-same-path-").FullName;
        try
        {
            string path = Path.Combine(dir, "x.csv");
            File.WriteAllText(path, "keep me");
            using var output = new StringWriter();
            using var error = new StringWriter();
            string[] input = command == "segment" ? [] : ["--transactions", Path.Combine(dir, "absent.csv")];
            int code = Program.Run([command, "--as-of", "1998-06-30", .. input, first, path, second, Path.Combine(dir, ".", "x.csv")], output, error);

            Assert.Equal(CliIo.BadInput, code);
            Assert.Contains($"{first} and {second} name the same file", error.ToString(), StringComparison.Ordinal);
            Assert.Equal("keep me", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
