using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;

namespace CustomerValue.Cli;

/// <summary>Output streams and the error handling every command shares: bad input is one clear line on stderr and exit code 2, never a stack trace.</summary>
internal sealed class CliIo(TextWriter output, TextWriter error)
{
    public const int BadInput = 2;

    /// <summary>The exit code of <c>fit</c> when the model file was written but the fit did not converge or is degenerate.</summary>
    public const int NotConverged = 3;

    /// <summary>The shared <c>--accept-unconverged</c> option of the commands that read a model file.</summary>
    public static Option<bool> AcceptUnconvergedOption() => new("--accept-unconverged")
    {
        Description = "Use a model file whose fit did not converge or is degenerate; without this option such a file is refused (fit lists the reasons in the file's diagnostics).",
    };

    /// <summary>The exit code of a run stopped by SIGINT or SIGTERM (128 + SIGINT, the shell's convention).</summary>
    public const int Interrupted = 130;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Runs a command body, turning input errors into one line on stderr and exit code 2.</summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException)
        {
            Error.WriteLine("customer-value: interrupted; no output file was written or changed.");
            return Interrupted;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            Error.WriteLine($"customer-value: error: {e.Message}");
            return BadInput;
        }
    }

    /// <summary>Writes one line about what the command did (rows, customers, model, output) to stderr, prefixed <c>customer-value: </c>.</summary>
    public void Tell(FormattableString message) => Error.WriteLine("customer-value: " + message.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Declares every output file of one command run, before any work is done, and refuses two outputs to one path.
    /// Write each with <see cref="OutputFiles.WriteText"/> or <see cref="OutputFiles.WriteStream"/>, then
    /// <see cref="OutputFiles.Commit"/>; see <see cref="OutputFiles"/>.
    /// </summary>
    /// <param name="outputs">Each output's option name and file (null = standard output for text, or not asked for).</param>
    /// <exception cref="ArgumentException">Two options name the same file.</exception>
    public OutputFiles Outputs(params ReadOnlySpan<(string Option, FileInfo? File)> outputs) => new(this, outputs);

    /// <summary>Opens standard output for text (the writer leaves the console open when disposed).</summary>
    public TextWriter OpenStandardOutput() => new NonClosingWriter(Output);

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

/// <summary>
/// The output files of one command run, written whole or not at all: the one way every command writes a file.
/// </summary>
/// <remarks>
/// <para>Each file is written to a temporary file beside its target (<c>.NAME.PID.RANDOM.tmp</c> in the same
/// directory, so the final rename never crosses file systems), flushed to disk, and renamed over the target only when
/// <see cref="Commit"/> is called after every output has been written. Until then the old file, if any, is untouched.</para>
/// <para>A write error (a full disk, a broken stream), an exception in the command, or disposing without
/// <see cref="Commit"/> deletes the temporary files; so does SIGINT or SIGTERM (see <see cref="OutputGuard"/>), after
/// which <see cref="Commit"/> renames nothing.</para>
/// <para>Text for standard output (a null file) is written straight through: a pipe cannot be replaced atomically.</para>
/// <para>Usage: <c>using var outputs = io.Outputs(("--output", file), ("--stats", stats));</c> then
/// <c>outputs.WriteText(file, w => …)</c>, and <c>outputs.Commit()</c> last.</para>
/// </remarks>
internal sealed class OutputFiles : IDisposable
{
    private readonly CliIo _io;
    private readonly List<AtomicFile> _pending = [];
    private readonly HashSet<string> _declared;
    private readonly Func<Stream, Stream>? _wrap;
    private readonly OutputGuard _guard;
    private bool _committed;

    internal OutputFiles(CliIo io, ReadOnlySpan<(string Option, FileInfo? File)> outputs, OutputGuard? guard = null, Func<Stream, Stream>? wrap = null)
    {
        _io = io;
        _wrap = wrap;
        _guard = guard ?? OutputGuard.Process;
        var comparer = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _declared = new HashSet<string>(comparer);
        var byPath = new Dictionary<string, string>(comparer);
        foreach (var (option, file) in outputs)
        {
            if (file is null)
            {
                continue;
            }

            string path = Path.GetFullPath(file.FullName);
            if (byPath.TryGetValue(path, out string? other))
            {
                throw new ArgumentException($"{other} and {option} name the same file '{path}'; give each output its own file.");
            }

            if (Directory.Exists(path))
            {
                throw new ArgumentException($"{option}: '{path}' is a directory; name a file.");
            }

            byPath.Add(path, option);
            _declared.Add(path);
        }
    }

    /// <summary>The files written so far (their final paths), in order.</summary>
    public IReadOnlyList<string> Written => _pending.Select(p => p.Target).ToList();

    /// <summary>Writes text (UTF-8 without BOM, <c>\n</c> line ends) to <paramref name="file"/>, or to standard output when it is null.</summary>
    /// <exception cref="IOException">The file cannot be written (its temporary file is gone; the old file is intact).</exception>
    public void WriteText(FileInfo? file, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (file is null)
        {
            using var console = _io.OpenStandardOutput();
            write(console);
            return;
        }

        WriteStream(file, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        });
    }

    /// <summary>Writes <paramref name="file"/> through a stream (seekable, so Parquet and Arrow writers can use it).</summary>
    /// <exception cref="IOException">The file cannot be written (its temporary file is gone; the old file is intact).</exception>
    public void WriteStream(FileInfo file, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(write);
        ObjectDisposedException.ThrowIf(_committed, this);
        string path = Path.GetFullPath(file.FullName);
        if (!_declared.Contains(path))
        {
            throw new InvalidOperationException($"Output '{path}' was not declared with CliIo.Outputs (a command must declare every output before it starts).");
        }

        var atomic = AtomicFile.Create(path, _guard, _wrap);
        try
        {
            write(atomic.Stream);
            atomic.Complete();
        }
        catch (Exception e) when (_guard.Aborted)
        {
            // The signal closed and deleted the temporary file under the writer.
            atomic.Dispose();
            throw new OperationCanceledException("Interrupted: no output is written.", e);
        }
        catch
        {
            atomic.Dispose();
            throw;
        }

        _pending.Add(atomic);
    }

    /// <summary>Renames every written temporary file over its target.</summary>
    /// <exception cref="OperationCanceledException">SIGINT or SIGTERM arrived first: nothing was renamed.</exception>
    public void Commit()
    {
        _committed = true;
        foreach (var file in _pending)
        {
            file.Commit();
        }
    }

    /// <summary>Deletes the temporary files of outputs not committed.</summary>
    public void Dispose()
    {
        foreach (var file in _pending)
        {
            file.Dispose();
        }

        _committed = true;
    }
}

/// <summary>
/// The temporary files a process has pending, and what SIGINT and SIGTERM do to them: delete every one and forbid later
/// renames. The rename of a file and the abort exclude each other under one lock, so a target is either replaced by a
/// whole file before the signal or not at all. <see cref="Process"/> is the process's guard, registered for the signals
/// on first use; tests make their own.
/// </summary>
internal sealed class OutputGuard
{
    private static readonly Lazy<OutputGuard> ProcessGuard = new(() =>
    {
        var guard = new OutputGuard();
        guard.RegisterSignals();
        return guard;
    });

    private readonly Lock _gate = new();
    private readonly HashSet<AtomicFile> _pending = [];
    private PosixSignalRegistration[] _registrations = [];
    private bool _aborted;

    /// <summary>The guard of this process, registered for SIGINT and SIGTERM.</summary>
    public static OutputGuard Process => ProcessGuard.Value;

    /// <summary>True once a signal arrived (or <see cref="Abort"/> was called): no file is renamed afterwards.</summary>
    public bool Aborted
    {
        get
        {
            lock (_gate)
            {
                return _aborted;
            }
        }
    }

    /// <summary>Temporary files not yet renamed or deleted.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>What SIGINT and SIGTERM do: delete every pending temporary file and refuse any later rename.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            _aborted = true;
            foreach (var file in _pending)
            {
                file.DiscardUnderGuard();
            }

            _pending.Clear();
        }
    }

    internal void Run(Action action)
    {
        lock (_gate)
        {
            if (_aborted)
            {
                throw new OperationCanceledException("Interrupted: no output is written.");
            }

            action();
        }
    }

    internal void Add(AtomicFile file) => _pending.Add(file);

    internal void Remove(AtomicFile file) => _pending.Remove(file);

    private void RegisterSignals()
    {
        if (OperatingSystem.IsBrowser() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsAndroid())
        {
            return;
        }

        // The handler only deletes and forbids; it does not cancel the signal, so the process still stops as usual.
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Abort()),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Abort()),
        ];
    }
}

/// <summary>One file written to a temporary file beside its target and renamed over it when complete (see <see cref="OutputGuard"/>).</summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly OutputGuard _guard;
    private readonly FileStream _file;
    private bool _done;

    private AtomicFile(OutputGuard guard, string target, string temporary, FileStream file, Func<Stream, Stream>? wrap)
    {
        _guard = guard;
        Target = target;
        TemporaryPath = temporary;
        _file = file;
        Stream = wrap is null ? file : wrap(file);
    }

    /// <summary>The file to create or replace.</summary>
    public string Target { get; }

    /// <summary>The temporary file beside it.</summary>
    public string TemporaryPath { get; }

    /// <summary>The stream to write (the temporary file, possibly wrapped).</summary>
    public Stream Stream { get; }

    /// <summary>Creates the temporary file beside <paramref name="target"/> (creating the directory if needed).</summary>
    /// <param name="target">The final path.</param>
    /// <param name="guard">The guard that deletes it on a signal (<see cref="OutputGuard.Process"/> in the command line).</param>
    /// <param name="wrap">Wraps the file stream (tests use it to simulate a full disk); null for none.</param>
    /// <exception cref="OperationCanceledException">The process was interrupted already.</exception>
    public static AtomicFile Create(string target, OutputGuard guard, Func<Stream, Stream>? wrap = null)
    {
        target = Path.GetFullPath(target);
        string directory = Path.GetDirectoryName(target) ?? ".";
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));
        AtomicFile? created = null;
        guard.Run(() =>
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            created = new AtomicFile(guard, target, temporary, file, wrap);
            guard.Add(created);
        });
        return created!;
    }

    /// <summary>Flushes everything to disk (after the last write, before <see cref="Commit"/>).</summary>
    public void Complete()
    {
        Stream.Flush();
        _file.Flush(flushToDisk: true);
        if (!OperatingSystem.IsWindows() && File.Exists(Target))
        {
            // Keep the permissions of the file being replaced.
            File.SetUnixFileMode(_file.SafeFileHandle, File.GetUnixFileMode(Target));
        }
    }

    /// <summary>Renames the temporary file over the target.</summary>
    /// <exception cref="OperationCanceledException">The process was interrupted: the temporary file is deleted, the target untouched.</exception>
    public void Commit() => _guard.Run(() =>
    {
        if (_done)
        {
            return;
        }

        CloseStreams();
        File.Move(TemporaryPath, Target, overwrite: true);
        _done = true;
        _guard.Remove(this);
    });

    /// <summary>Deletes the temporary file unless it was renamed.</summary>
    public void Dispose()
    {
        try
        {
            _guard.Run(() =>
            {
                _guard.Remove(this);
                DiscardUnderGuard();
            });
        }
        catch (OperationCanceledException)
        {
            // Aborted: the guard has deleted the file already.
        }
    }

    /// <summary>Closes and deletes the temporary file; called with the guard's lock held.</summary>
    internal void DiscardUnderGuard()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        try
        {
            CloseStreams();
        }
        catch (IOException)
        {
            // A failing stream (a full disk) may throw again on close; the file is deleted below all the same.
        }

        try
        {
            File.Delete(TemporaryPath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void CloseStreams()
    {
        try
        {
            if (!ReferenceEquals(Stream, _file))
            {
                Stream.Dispose();
            }
        }
        finally
        {
            _file.Dispose();
        }
    }
}
