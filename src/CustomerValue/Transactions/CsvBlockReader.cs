using System.Buffers;

namespace CustomerValue.Transactions;

/// <summary>
/// A run of whole records cut from a log (the buffer is rented; whoever parses it returns it with
/// <see cref="CsvBlockReader.Return"/>), or, when <see cref="Special"/> is set, one record the reader rejected itself
/// (too long, or a quote left open to the end of the file) and skipped.
/// </summary>
/// <param name="Buffer">The bytes (null for a special block).</param>
/// <param name="Offset">Where the records start in <paramref name="Buffer"/>.</param>
/// <param name="Length">Their length in bytes.</param>
/// <param name="Sequence">0, 1, 2, ... in file order: line numbers are resolved from the line ends of earlier blocks.</param>
/// <param name="Special">The reason of a skipped record, or null.</param>
/// <param name="SpecialLines">Line ends in the skipped record.</param>
internal readonly record struct CsvBlock(byte[]? Buffer, int Offset, int Length, long Sequence, RejectReason? Special, int SpecialLines)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(Offset, Length);
}

/// <summary>
/// Cuts a UTF-8 byte stream into blocks of whole records (never inside a quoted field), on one thread, so that the
/// blocks can be parsed anywhere. Memory stays bounded: a record longer than the limit is skipped and reported.
/// </summary>
internal sealed class CsvBlockReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _blockBytes;
    private readonly int _maxRecord;
    private readonly byte _delimiter;
    private byte[] _buffer;
    private int _start;
    private int _filled;
    private bool _eof;
    private long _sequence;
    private bool _first = true;

    public CsvBlockReader(Stream stream, int maxRecordBytes, byte delimiter, int blockBytes = 4 << 20)
    {
        _delimiter = delimiter;
        _stream = stream;
        _maxRecord = maxRecordBytes;
        _blockBytes = Math.Max(blockBytes, 64);
        _buffer = ArrayPool<byte>.Shared.Rent(_blockBytes);
    }

    public static void Return(in CsvBlock block)
    {
        if (block.Buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(block.Buffer);
        }
    }

    /// <summary>Reads the header record; returns null for an empty stream.</summary>
    /// <param name="where">The source, for messages.</param>
    /// <param name="lines">Line ends the header spans.</param>
    /// <exception cref="FormatException">The header is longer than the record limit.</exception>
    public byte[]? ReadHeader(string where, out int lines)
    {
        while (true)
        {
            Fill();
            var data = _buffer.AsSpan(_start, _filled - _start);
            if (data.IsEmpty && _eof)
            {
                lines = 0;
                return null;
            }

            int end = Utf8Csv.RecordEnd(data, 0, _delimiter, _eof, out int contentEnd, out lines, out bool open);
            if (end >= 0)
            {
                if (open)
                {
                    throw new FormatException($"{where}: line 1 (the header) opens a quoted field that is never closed.");
                }

                var header = data[..contentEnd].ToArray();
                _start += end;
                return header;
            }

            if (_filled - _start >= _maxRecord)
            {
                throw new FormatException($"{where}: line 1 (the header) is longer than {_maxRecord} bytes without a line end.");
            }

            Grow();
        }
    }

    /// <summary>The next block, or false at the end of the stream.</summary>
    public bool Next(out CsvBlock block)
    {
        while (true)
        {
            Fill();
            int available = _filled - _start;
            if (available == 0 && _eof)
            {
                block = default;
                return false;
            }

            var data = _buffer.AsSpan(_start, available);
            int cut = FindCut(data, out bool malformedAtStart);
            if (cut > 0)
            {
                block = new CsvBlock(_buffer, _start, cut, _sequence++, null, 0);
                Carry(_start + cut, handedOut: true);
                return true;
            }

            if (malformedAtStart)
            {
                // A quote opened in the first record is still open at the end of the file: reject that line alone and read on after it.
                int lineEnd = FirstLineEnd(data, out int lines);
                block = new CsvBlock(null, 0, 0, _sequence++, RejectReason.MalformedQuotes, lines);
                _start += lineEnd < 0 ? available : lineEnd;
                return true;
            }

            if (available < _maxRecord)
            {
                Grow();
                continue;
            }

            block = SkipLongRecord();
            return true;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private int FindCut(ReadOnlySpan<byte> data, out bool malformedAtStart)
    {
        malformedAtStart = false;
        if (data.IndexOf((byte)'"') < 0)
        {
            int last = Utf8Csv.LastLineEnd(data, _eof);
            return _eof ? data.Length : last;
        }

        int position = 0;
        while (position < data.Length)
        {
            int end = Utf8Csv.RecordEnd(data, position, _delimiter, _eof, out _, out _, out bool open);
            if (end < 0)
            {
                break;
            }

            if (open)
            {
                malformedAtStart = position == 0;
                return position;
            }

            position = end;
        }

        return position;
    }

    private static int FirstLineEnd(ReadOnlySpan<byte> data, out int lines)
    {
        int p = data.IndexOfAny((byte)'\r', (byte)'\n');
        if (p < 0)
        {
            lines = 0;
            return -1;
        }

        lines = 1;
        return data[p] == (byte)'\r' && p + 1 < data.Length && data[p + 1] == (byte)'\n' ? p + 2 : p + 1;
    }

    private CsvBlock SkipLongRecord()
    {
        // The record is longer than the limit (a line without an end, or a quote never closed): reject it and skip to
        // the end of its first line, reading and discarding, so memory stays bounded.
        var data = _buffer.AsSpan(_start, _filled - _start);
        var reason = data.IndexOf((byte)'"') >= 0 && Utf8Csv.RecordEnd(data, 0, _delimiter, true, out _, out _, out bool open) >= 0 && open
            ? RejectReason.MalformedQuotes
            : RejectReason.RecordTooLong;
        while (true)
        {
            data = _buffer.AsSpan(_start, _filled - _start);
            int end = FirstLineEnd(data, out int lines);
            if (end >= 0 && (end < data.Length || _eof || data[end - 1] == (byte)'\n'))
            {
                _start += end;
                return new CsvBlock(null, 0, 0, _sequence++, reason, lines);
            }

            if (end >= 0)
            {
                // A CR as the last byte: keep it and see whether an LF follows.
                _start = _filled - 1;
            }
            else
            {
                _start = _filled;
            }

            if (_eof)
            {
                _start = _filled;
                return new CsvBlock(null, 0, 0, _sequence++, reason, 0);
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0 && _start == _filled)
        {
            _start = _filled = 0;
        }

        if (_start > 0 && _filled == _buffer.Length)
        {
            Carry(_start, handedOut: false);
        }

        while (_filled < _buffer.Length && !_eof)
        {
            int n = _stream.Read(_buffer, _filled, _buffer.Length - _filled);
            if (n == 0)
            {
                _eof = true;
                break;
            }

            if (_first)
            {
                _first = false;
                if (_filled == 0 && n >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
                {
                    _start = 3;
                }
            }

            _filled += n;
        }
    }

    /// <summary>Moves the bytes from <paramref name="from"/> on into a fresh buffer; the current one is returned to the pool unless it was handed out in a block.</summary>
    private void Carry(int from, bool handedOut)
    {
        var next = ArrayPool<byte>.Shared.Rent(_blockBytes);
        int rest = _filled - from;
        if (rest > next.Length)
        {
            ArrayPool<byte>.Shared.Return(next);
            next = ArrayPool<byte>.Shared.Rent(rest * 2);
        }

        _buffer.AsSpan(from, rest).CopyTo(next);
        if (!handedOut)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = next;
        _start = 0;
        _filled = rest;
    }

    private void Grow()
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, 64));
        int rest = _filled - _start;
        _buffer.AsSpan(_start, rest).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
        _start = 0;
        _filled = rest;
    }
}
