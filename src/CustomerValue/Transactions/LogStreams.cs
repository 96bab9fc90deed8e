using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace CustomerValue.Transactions;

/// <summary>Opens transaction logs as UTF-8 byte streams: plain files, gzip archives checked against their trailer, other encodings transcoded, and text readers.</summary>
internal static class LogStreams
{
    /// <summary>Opens a file for reading as UTF-8 bytes (decompressed when it ends in <c>.gz</c>, transcoded when an encoding is named).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Stream Open(string path, Encoding? encoding, out FileStream file)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Transaction file '{path}' was not found.", path);
        }

        file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new CheckedGzipStream(file, path) : file;
        return encoding is null || encoding.CodePage == Encoding.UTF8.CodePage
            ? stream
            : Encoding.CreateTranscodingStream(stream, encoding, new UTF8Encoding(false), leaveOpen: false);
    }

    /// <summary>UTF-8 bytes of a text reader's characters (a lone surrogate is an error, never replaced).</summary>
    public static Stream FromReader(TextReader reader, string? sourceName) => new TextReaderStream(reader, sourceName);

    /// <summary>
    /// Decompresses a gzip file and, at its end, checks the length and CRC-32 of what was decompressed against the
    /// archive's trailer: a truncated or corrupt archive is an error naming the file, never a shorter log.
    /// </summary>
    private sealed class CheckedGzipStream : Stream
    {
        private readonly FileStream _file;
        private readonly GZipStream _gzip;
        private readonly string _path;
        private readonly Crc32 _crc = new();
        private readonly uint _expectedCrc;
        private readonly uint _expectedSize;
        private long _length;
        private bool _verified;

        public CheckedGzipStream(FileStream file, string path)
        {
            _file = file;
            _path = path;
            if (file.Length < 18)
            {
                throw new InvalidDataException($"'{path}' is too short to be a gzip archive ({file.Length} bytes): truncated or not compressed.");
            }

            Span<byte> trailer = stackalloc byte[8];
            file.Seek(-8, SeekOrigin.End);
            file.ReadExactly(trailer);
            file.Seek(0, SeekOrigin.Begin);
            _expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            _expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
            _gzip = new GZipStream(file, CompressionMode.Decompress);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _file.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = _gzip.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"'{_path}' is not a valid gzip archive (corrupt or truncated): {e.Message}", e);
            }

            if (n > 0)
            {
                _crc.Append(buffer[..n]);
                _length += n;
            }
            else if (buffer.Length > 0 && !_verified)
            {
                _verified = true;
                uint crc = _crc.GetCurrentHashAsUInt32();
                if (crc != _expectedCrc || (uint)_length != _expectedSize)
                {
                    throw new InvalidDataException(
                        $"'{_path}' is truncated or corrupt: {_length} bytes were decompressed, but the archive's trailer records {_expectedSize} bytes (mod 2^32) " +
                        $"with CRC-32 {_expectedCrc:x8} (got {crc:x8}). A file of several concatenated gzip members is not supported: decompress it first.");
                }
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gzip.Dispose();
                _file.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class TextReaderStream(TextReader reader, string? sourceName) : Stream
    {
        private readonly Encoder _encoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetEncoder();
        private readonly char[] _chars = new char[1 << 15];
        private readonly byte[] _bytes = new byte[(1 << 15) * 3 + 16];
        private int _byteStart;
        private int _byteEnd;
        private bool _end;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_byteStart == _byteEnd)
            {
                if (_end)
                {
                    return 0;
                }

                int n = reader.Read(_chars, 0, _chars.Length);
                _end = n == 0;
                try
                {
                    _byteEnd = _encoder.GetBytes(_chars, 0, n, _bytes, 0, flush: _end);
                    _byteStart = 0;
                }
                catch (EncoderFallbackException e)
                {
                    throw new FormatException($"{sourceName ?? "the transaction log"}: the text holds a lone UTF-16 surrogate, which is not a character: {e.Message}", e);
                }
            }

            int take = Math.Min(buffer.Length, _byteEnd - _byteStart);
            _bytes.AsSpan(_byteStart, take).CopyTo(buffer);
            _byteStart += take;
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
