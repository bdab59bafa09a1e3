using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using AuditWeaver.Hooks.Log;
using AuditWeaver.Policies;
using AuditWeaver.Weaving;

namespace AuditWeaver.Hooks;

/// <summary>
/// AUDITWEAVER_LOG=<c>file</c>: every event appended to the file as one JSON object per line (time, event, category,
/// args, api, caller, file and line when known, pid, tid, denied when AUDITWEAVER_DENY refuses it, cut when a value was
/// cut). The raising thread formats its line into a buffer of its own, with the parts that never change per site
/// formatted once per site, and hands it to the <see cref="LogWriter"/>; nothing is allocated per event. The runtime is
/// never woven, so writing the log raises no events of its own. <c>{pid}</c> in the path becomes the process id, for
/// programs that start woven children.
/// </summary>
internal sealed class JsonLinesLog : IAuditConsumer, IBufferedConsumer
{
    [ThreadStatic]
    private static LogLine? t_line;

    private static readonly byte[] s_denied = LogLine.Ascii(",\"denied\":true");
    private static readonly byte[] s_cut = LogLine.Ascii(",\"cut\":true");
    private static readonly byte[] s_end = LogLine.Ascii("}\n");

    private readonly LogWriter _writer;
    private readonly EnvironmentDenyList? _deny;
    private readonly string _processId;
    private EventPattern[]? _skipCallers;

    private JsonLinesLog(LogWriter writer, EnvironmentDenyList? deny, int processId)
    {
        _writer = writer;
        _deny = deny;
        _processId = processId.ToString(CultureInfo.InvariantCulture);
        writer.LossLine = LossLine;
    }

    public bool IsActive => true;

    // Always active: there is no change to announce.
    public bool CallsRefresh => true;

    // A line is formatted from the event on the raising thread; the writer gets bytes, never the event.
    public bool KeepsEvents => false;

    internal LogWriter Writer => _writer;

    /// <summary>Opens (appending) the log at <paramref name="path"/>; says so on standard error and returns null when it cannot.</summary>
    internal static JsonLinesLog? Open(string path, bool synchronous, TimeSpan delay, EnvironmentDenyList? deny)
    {
        int processId;
        using (var process = Process.GetCurrentProcess())
        {
            processId = process.Id;
        }

        var file = path.Replace("{pid}", processId.ToString(CultureInfo.InvariantCulture));
        try
        {
            var log = new JsonLinesLog(new LogWriter(LogFile.Open(file), synchronous, delay), deny, processId);
            LogExit.WriteThroughWhenExiting(log._writer);
            return log;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine("audit: " + EnvironmentConsumers.LogVariable + "=" + path + " cannot be opened, so no events are logged: " + exception.Message);
            return null;
        }
    }

    /// <summary>
    /// AUDITWEAVER_LOG_SKIP_CALLERS: events whose caller matches one of <paramref name="patterns"/> are not written, unless
    /// the deny list refuses them (a denial is always logged). Framework code's events name framework methods as callers,
    /// so <c>System.*,Microsoft.*</c> leaves what the app and its packages did themselves.
    /// </summary>
    internal void SkipCallers(EventPattern[]? patterns) => _skipCallers = patterns is { Length: > 0 } ? patterns : null;

    public void OnEvent(AuditEvent auditEvent)
    {
        if (_skipCallers != null && auditEvent.Caller is { } caller && Array.Exists(_skipCallers, p => p.Matches(caller)) && _deny?.Match(auditEvent) == null)
        {
            return;
        }

        var line = t_line ??= new LogLine();
        var text = RecordText.Of(auditEvent.Site, this);
        line.Start(DateTime.UtcNow);
        line.Raw(text.Head);
        var count = auditEvent.ArgumentCount;
        for (var i = 0; i < count; i++)
        {
            line.Raw(text.Keys[i]);

            if (auditEvent.IsScalar(i, out var kind, out var bits))
            {
                line.Scalar(kind, bits);
            }
            else
            {
                line.Value(auditEvent.ArgumentAt(i));
            }
        }

        line.Raw(text.Tail);
        line.Int64(Environment.CurrentManagedThreadId);
        if (text.Denied)
        {
            line.Raw(s_denied);
        }

        if (line.Cut || text.Cut)
        {
            line.Raw(s_cut);
        }

        line.Raw(s_end);
        _writer.Append(line.Buffer, line.Length);
        line.Finish();
        if (text.Final)
        {
            // Nothing runs after Environment.FailFast: its event is written before it returns.
            _writer.WritePending();
        }
    }

    public void WritePending() => _writer.WritePending();

    private byte[] LossLine(long lines, string reason)
    {
        var line = new LogLine();
        line.Start(DateTime.UtcNow);
        line.Raw(LogLine.Ascii(",\"event\":\"audit.log.lost\",\"category\":\"audit\",\"args\":{\"lines\":"));
        line.Int64(lines);
        line.Raw(LogLine.Ascii(",\"reason\":"));
        line.String(reason);
        line.Raw(LogLine.Ascii("},\"api\":null,\"caller\":null,\"pid\":" + _processId + ",\"tid\":"));
        line.Int64(Environment.CurrentManagedThreadId);
        line.Raw(s_end);
        var bytes = new byte[line.Length];
        Buffer.BlockCopy(line.Buffer, 0, bytes, 0, line.Length);
        return bytes;
    }

    /// <summary>
    /// The parts of a line that are the same for every event of a site, as UTF-8: from the event name to the opening of
    /// the arguments, each argument's key, and from the end of the arguments to the thread id. Made on a site's first
    /// event and kept on its record.
    /// </summary>
    private sealed class RecordText
    {
        private static readonly byte[] s_comma = { (byte)',' };

        private RecordText(SiteRecord site, JsonLinesLog log)
        {
            var named = site.ArgumentNames != null;
            var line = new LogLine();
            line.Raw(LogLine.Ascii(",\"event\":"));
            line.String(site.EventName);
            line.Raw(LogLine.Ascii(",\"category\":"));
            line.String(site.Category);
            line.Raw(LogLine.Ascii(named ? ",\"args\":{" : ",\"args\":["));
            Head = Take(line);

            Named = named;
            var names = site.ArgumentNames ?? Array.Empty<string>();
            Keys = new byte[site.Arity][];
            for (var i = 0; i < Keys.Length; i++)
            {
                Keys[i] = Key(i < names.Count ? names[i] : null, i);
            }

            line.Raw(LogLine.Ascii(named ? "},\"api\":" : "],\"api\":"));
            NullableString(line, site.Api);
            line.Raw(LogLine.Ascii(",\"caller\":"));
            NullableString(line, site.Caller);
            if (site.SourceFile != null)
            {
                line.Raw(LogLine.Ascii(",\"file\":"));
                line.String(site.SourceFile);
            }

            if (site.Line != null)
            {
                line.Raw(LogLine.Ascii(",\"line\":"));
                line.Int64(site.Line.Value);
            }

            line.Raw(LogLine.Ascii(",\"pid\":" + log._processId + ",\"tid\":"));
            Tail = Take(line);
            Cut = line.Cut;
            Denied = log._deny?.Match(site.EventName) != null;
            Final = site.EventName == "environment.failfast";
        }

        internal byte[] Head { get; }

        internal byte[][] Keys { get; }

        internal byte[] Tail { get; }

        internal bool Named { get; }

        /// <summary>A name or API was too long and was cut.</summary>
        internal bool Cut { get; }

        /// <summary>AUDITWEAVER_DENY refuses the event.</summary>
        internal bool Denied { get; }

        /// <summary>The process ends right after this event.</summary>
        internal bool Final { get; }

        internal static RecordText Of(SiteRecord site, JsonLinesLog log)
        {
            if (site.ConsumerData is RecordText text)
            {
                return text;
            }

            // Two threads may both make one: they are equal.
            text = new RecordText(site, log);
            site.ConsumerData = text;
            return text;
        }

        private byte[] Key(string? name, int index)
        {
            if (!Named)
            {
                return index == 0 ? Array.Empty<byte>() : s_comma;
            }

            var line = new LogLine();
            if (index > 0)
            {
                line.Byte((byte)',');
            }

            line.String(name ?? "arg" + index.ToString(CultureInfo.InvariantCulture));
            line.Byte((byte)':');
            return Take(line);
        }

        private static void NullableString(LogLine line, string? value)
        {
            if (value == null)
            {
                line.Value(null);
            }
            else
            {
                line.String(value);
            }
        }

        private static byte[] Take(LogLine line)
        {
            var bytes = new byte[line.Length];
            Buffer.BlockCopy(line.Buffer, 0, bytes, 0, line.Length);
            line.Reset();
            return bytes;
        }
    }
}
