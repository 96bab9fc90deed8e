using CustomerValue.Cli;

namespace CustomerValue.Tests.Cli;

/// <summary>Whole files or none: the one output API every command writes through (<see cref="OutputFiles"/>).</summary>
public sealed class AtomicOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cv-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_complete_write_replaces_the_old_file_and_leaves_no_temporary_file()
    {
        var file = Old("out.csv");
        var guard = new OutputGuard();
        using (var outputs = Outputs(guard, null, ("--output", file)))
        {
            outputs.WriteText(file, w => w.Write("a,b\n1,2\n"));
            Assert.Equal("old contents\n", File.ReadAllText(file.FullName));
            outputs.Commit();
        }

        Assert.Equal("a,b\n1,2\n", File.ReadAllText(file.FullName));
        AssertOnlyTargets("out.csv");
        Assert.Equal(0, guard.PendingCount);
    }

    [Fact]
    public void A_full_disk_mid_write_leaves_the_old_file_intact_and_no_partial_file()
    {
        var file = Old("scores.csv");
        var guard = new OutputGuard();
        using (var outputs = Outputs(guard, s => new FailingStream(s, failAfterBytes: 100_000), ("--output", file)))
        {
            var e = Assert.Throws<IOException>(() => outputs.WriteText(file, w =>
            {
                for (int i = 0; i < 100_000; i++)
                {
                    w.Write("customer,1.5,2.5\n");
                }
            }));
            Assert.Contains("No space left", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal("old contents\n", File.ReadAllText(file.FullName));
        AssertOnlyTargets("scores.csv");
        Assert.Equal(0, guard.PendingCount);
    }

    [Fact]
    public void A_failure_on_the_final_flush_is_a_write_error_too()
    {
        var file = Old("model.json");
        var guard = new OutputGuard();
        using (var outputs = Outputs(guard, s => new FailingStream(s, failAfterBytes: 10, failOnFlushOnly: true), ("--output", file)))
        {
            Assert.Throws<IOException>(() => outputs.WriteStream(file, s => s.Write(new byte[64])));
        }

        Assert.Equal("old contents\n", File.ReadAllText(file.FullName));
        AssertOnlyTargets("model.json");
    }

    [Fact]
    public void An_error_after_writing_but_before_commit_changes_nothing()
    {
        var csv = Old("a.csv");
        var json = new FileInfo(Path.Combine(_dir, "sub", "b.json"));
        var guard = new OutputGuard();
        using (var outputs = Outputs(guard, null, ("--output", csv), ("--stats", json)))
        {
            outputs.WriteText(csv, w => w.Write("new"));
            outputs.WriteText(json, w => w.Write("{}"));

            // The command fails here (bad input found late): the using block disposes without Commit.
        }

        Assert.Equal("old contents\n", File.ReadAllText(csv.FullName));
        Assert.False(json.Exists);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "sub")));
        AssertOnlyTargets("a.csv");
    }

    [Fact]
    public void An_interrupt_while_writing_deletes_the_temporary_file_and_forbids_the_rename()
    {
        var file = Old("report.html");
        var guard = new OutputGuard();
        using var outputs = Outputs(guard, null, ("--output", file));
        Assert.Throws<OperationCanceledException>(() => outputs.WriteText(file, w =>
        {
            w.Write(new string('x', 200_000));
            w.Flush();
            Assert.Equal(1, guard.PendingCount);
            guard.Abort(); // what the SIGINT / SIGTERM handler does
            w.Write(new string('y', 200_000));
        }));

        Assert.Equal(0, guard.PendingCount);
        outputs.Commit(); // nothing left to rename
        Assert.Equal("old contents\n", File.ReadAllText(file.FullName));
        AssertOnlyTargets("report.html");
        Assert.Throws<OperationCanceledException>(() => AtomicFile.Create(Path.Combine(_dir, "later.csv"), guard));
    }

    [Fact]
    public void An_interrupt_from_another_thread_during_a_long_write_leaves_the_old_file_or_the_whole_new_one()
    {
        // The signal handler runs on another thread: whichever of rename and abort takes the lock first wins, and the
        // target is then either the old file or the complete new one, never a part.
        for (int delay = 0; delay < 4; delay++)
        {
            var file = Old($"t{delay}.csv");
            var guard = new OutputGuard();
            using var started = new ManualResetEventSlim();
            int wait = delay;
            var abort = new Thread(() =>
            {
                started.Wait();
                Thread.Sleep(wait);
                guard.Abort();
            });
            abort.Start();
            try
            {
                using var outputs = Outputs(guard, null, ("--output", file));
                outputs.WriteText(file, w =>
                {
                    started.Set();
                    for (int i = 0; i < 20_000; i++)
                    {
                        w.Write("0123456789,0123456789\n");
                    }
                });
                outputs.Commit();
            }
            catch (OperationCanceledException)
            {
            }

            abort.Join();
            string text = File.ReadAllText(file.FullName);
            Assert.True(text == "old contents\n" || text.Length == 20_000 * 22, $"partial file of {text.Length} characters");
        }

        Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Two_outputs_naming_one_file_are_refused_before_any_work()
    {
        var file = new FileInfo(Path.Combine(_dir, "same.json"));
        var e = Assert.Throws<ArgumentException>(() => Outputs(new OutputGuard(), null, ("--output", file), ("--stats", new FileInfo(Path.Combine(_dir, ".", "same.json")))));
        Assert.Contains("--output and --stats", e.Message, StringComparison.Ordinal);
        Assert.False(file.Exists);
    }

    [Fact]
    public void The_segment_command_refuses_output_and_stats_to_one_path()
    {
        string path = Path.Combine(_dir, "x.csv");
        File.WriteAllText(path, "keep me");
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Program.Run(["segment", "--as-of", "1998-06-30", "--output", path, "--stats", path], output, error);
        Assert.Equal(CliIo.BadInput, code);
        Assert.Contains("--output and --stats name the same file", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(path));
    }

    [Fact]
    public void An_undeclared_output_is_a_programming_error()
    {
        using var outputs = Outputs(new OutputGuard(), null);
        Assert.Throws<InvalidOperationException>(() => outputs.WriteText(new FileInfo(Path.Combine(_dir, "x")), _ => { }));
    }

    private static OutputFiles Outputs(OutputGuard guard, Func<Stream, Stream>? wrap, params (string, FileInfo?)[] files) =>
        new(new CliIo(TextWriter.Null, TextWriter.Null), files, guard, wrap);

    private FileInfo Old(string name)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, "old contents\n");
        return new FileInfo(path);
    }

    private void AssertOnlyTargets(params string[] names) =>
        Assert.Equal(names.Order(StringComparer.Ordinal), Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));

    /// <summary>A stream that fails like a full disk after a number of bytes (ENOSPC), or only when flushed.</summary>
    private sealed class FailingStream(Stream inner, long failAfterBytes, bool failOnFlushOnly = false) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush()
        {
            if (failOnFlushOnly && _written > failAfterBytes)
            {
                throw new IOException("No space left on device");
            }

            inner.Flush();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count)
        {
            _written += count;
            if (!failOnFlushOnly && _written > failAfterBytes)
            {
                throw new IOException("No space left on device");
            }

            inner.Write(buffer, offset, count);
        }
    }
}
