using System.CommandLine;
using System.Globalization;
using CustomerValue.Samples;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Cli;

/// <summary>Output streams and the error handling every command shares: bad input is one clear line on stderr and exit code 2, never a stack trace.</summary>
internal sealed class CliIo(TextWriter output, TextWriter error)
{
    public const int BadInput = 2;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Runs a command body, turning input errors into one line on stderr and exit code 2.</summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            Error.WriteLine($"customer-value: error: {e.Message}");
            return BadInput;
        }
    }

    /// <summary>Opens the output file, or standard output when no file is named.</summary>
    public TextWriter OpenOutput(FileInfo? file)
    {
        if (file is null)
        {
            return new NonClosingWriter(Output);
        }

        if (file.DirectoryName is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        return new StreamWriter(file.FullName, false, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    private sealed class NonClosingWriter(TextWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override IFormatProvider FormatProvider => CultureInfo.InvariantCulture;

        public override void Write(char value) => inner.Write(value);

        public override void Write(string? value) => inner.Write(value);

        public override void Write(ReadOnlySpan<char> buffer) => inner.Write(buffer);

        protected override void Dispose(bool disposing)
        {
            inner.Flush();
            base.Dispose(disposing);
        }
    }
}
