using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace AuditWeaver.Hooks;

/// <summary>
/// AUDITWEAVER_LOG=<c>file</c>: every event appended to the file as one JSON object per line (time, event, category,
/// args, api, caller, file and line when known, pid, tid, and denied when AUDITWEAVER_DENY refuses it). The runtime is
/// never woven, so writing the log raises no events of its own. Each line is written whole and flushed under one lock,
/// so lines from many threads never interleave or go missing. <c>{pid}</c> in the path becomes the process id, for
/// programs that start woven children.
/// </summary>
internal sealed class JsonLinesLog : IAuditConsumer
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly object _gate = new();
    private readonly FileStream _stream;
    private readonly EnvironmentDenyList? _deny;
    private readonly string _processId;

    private JsonLinesLog(FileStream stream, EnvironmentDenyList? deny, int processId)
    {
        _stream = stream;
        _deny = deny;
        _processId = processId.ToString(CultureInfo.InvariantCulture);
    }

    public bool IsActive => true;

    // Always active: there is no change to announce.
    public bool CallsRefresh => true;

    /// <summary>Opens (appending) the log at <paramref name="path"/>; says so on standard error and returns null when it cannot.</summary>
    internal static JsonLinesLog? Open(string path, EnvironmentDenyList? deny)
    {
        int processId;
        using (var process = Process.GetCurrentProcess())
        {
            processId = process.Id;
        }

        var file = path.Replace("{pid}", processId.ToString(CultureInfo.InvariantCulture));
        try
        {
            var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 4096);
            return new JsonLinesLog(stream, deny, processId);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine("audit: " + EnvironmentConsumers.LogVariable + "=" + path + " cannot be opened, so no events are logged: " + exception.Message);
            return null;
        }
    }

    public void OnEvent(AuditEvent auditEvent)
    {
        var bytes = s_utf8.GetBytes(Format(auditEvent));
        lock (_gate)
        {
            _stream.Write(bytes, 0, bytes.Length);
            _stream.Flush();
        }
    }

    private string Format(AuditEvent auditEvent)
    {
        var text = new StringBuilder(256);
        text.Append("{\"time\":\"").Append(DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture)).Append('"');
        Property(text, "event", auditEvent.Name);
        Property(text, "category", auditEvent.Category);
        text.Append(",\"args\":");
        var names = auditEvent.ArgumentNames;
        text.Append(names == null ? '[' : '{');
        for (var i = 0; i < auditEvent.Arguments.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            if (names != null)
            {
                ValueFormatter.AppendQuoted(text, i < names.Count ? names[i] : "arg" + i.ToString(CultureInfo.InvariantCulture));
                text.Append(':');
            }

            AppendValue(text, auditEvent.Arguments[i]);
        }

        text.Append(names == null ? ']' : '}');
        Property(text, "api", auditEvent.Api);
        Property(text, "caller", auditEvent.Caller);
        if (auditEvent.SourceFile != null)
        {
            Property(text, "file", auditEvent.SourceFile);
        }

        if (auditEvent.Line != null)
        {
            text.Append(",\"line\":").Append(auditEvent.Line.Value.ToString(CultureInfo.InvariantCulture));
        }

        text.Append(",\"pid\":").Append(_processId);
        text.Append(",\"tid\":").Append(Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture));
        if (_deny?.Match(auditEvent) != null)
        {
            text.Append(",\"denied\":true");
        }

        return text.Append("}\n").ToString();
    }

    private static void Property(StringBuilder text, string name, string? value)
    {
        text.Append(",\"").Append(name).Append("\":");
        if (value == null)
        {
            text.Append("null");
        }
        else
        {
            ValueFormatter.AppendQuoted(text, value);
        }
    }

    // JSON numbers and booleans stay what they are; everything else is its invariant text (enums by name).
    private static void AppendValue(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case byte or sbyte or short or ushort or int or uint or long or ulong or decimal:
                text.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                break;
            case double d when !double.IsNaN(d) && !double.IsInfinity(d):
                text.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case float f when !float.IsNaN(f) && !float.IsInfinity(f):
                text.Append(f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case string s:
                ValueFormatter.AppendQuoted(text, s);
                break;
            case IFormattable formattable:
                ValueFormatter.AppendQuoted(text, formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                ValueFormatter.AppendQuoted(text, value.ToString() ?? string.Empty);
                break;
        }
    }
}
