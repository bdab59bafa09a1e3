using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AuditWeaver.Catalog;

namespace AuditWeaver.Weaving;

/// <summary>What the weaver recorded about one call site.</summary>
internal sealed class SiteRecord
{
    private string? _category;

    internal SiteRecord(string eventName, IReadOnlyList<string> argumentNames, string? api, string? caller, string? sourceFile, int? line, string? denyReason = null, string? scalars = null)
        : this(eventName, argumentNames, argumentNames.Count, api, caller, sourceFile, line, denyReason, scalars)
    {
    }

    /// <summary>A record whose events carry <paramref name="arity"/> arguments whatever the schema names.</summary>
    internal SiteRecord(string eventName, IReadOnlyList<string>? argumentNames, int arity, string? api, string? caller, string? sourceFile, int? line, string? denyReason = null, string? scalars = null)
    {
        DenyReason = denyReason;
        EventName = eventName;
        ArgumentNames = argumentNames;
        Arity = arity;
        Api = api;
        Caller = caller;
        SourceFile = sourceFile;
        Line = line;
        Scalars = scalars;
    }

    internal string EventName { get; }

    /// <summary>
    /// The category of <see cref="EventName"/>, cut on first use and then shared by every event of the site. Threads
    /// racing on the first use compute equal strings, so the unsynchronized write is harmless.
    /// </summary>
    internal string Category => _category ??= CatalogCategories.CategoryOf(EventName);

    /// <summary>The schema's argument names; null for events raised by user code, which have none.</summary>
    internal IReadOnlyList<string>? ArgumentNames { get; }

    /// <summary>How many arguments each event of this record carries (up to four inline, more in an array).</summary>
    internal int Arity { get; }

    internal string? Api { get; }

    internal string? Caller { get; }

    internal string? SourceFile { get; }

    internal int? Line { get; }

    /// <summary>Why a site denied at build time refuses, when it is not a &lt;Deny&gt; rule of the configuration.</summary>
    internal string? DenyReason { get; }

    /// <summary>
    /// Which arguments woven code passes unboxed, packed into one 64-bit value (<see cref="ScalarKinds"/>): one character
    /// per argument, <c>.</c> for a reference. Null when every argument is a reference.
    /// </summary>
    internal string? Scalars { get; }

    /// <summary>What a consumer keeps per record (the event log's preformatted text); set once, by that consumer.</summary>
    internal object? ConsumerData { get; set; }

    /// <summary>The same site for events that carry <paramref name="arity"/> boxed arguments (hand-written calls that do not fit the schema).</summary>
    internal SiteRecord WithArity(int arity) => new(EventName, ArgumentNames, arity, Api, Caller, SourceFile, Line, DenyReason);

    /// <summary>The same site, whose woven code passes the arguments <paramref name="scalars"/> marks unboxed.</summary>
    internal SiteRecord WithScalars(string scalars) => new(EventName, ArgumentNames, Arity, Api, Caller, SourceFile, Line, DenyReason, scalars);
}

/// <summary>
/// The value types woven code can pass without boxing, and how they are packed: in argument order, each takes the next
/// <see cref="Width"/> bits of one 64-bit value. The weaver boxes an argument that would not fit.
/// </summary>
internal static class ScalarKinds
{
    internal const char Reference = '.';

    /// <summary>The kind letter of a value type by its full name, or <see cref="Reference"/> when it is not packed.</summary>
    internal static char Of(string typeFullName) => typeFullName switch
    {
        "System.Boolean" => 'Z',
        "System.Char" => 'C',
        "System.SByte" => 'b',
        "System.Byte" => 'B',
        "System.Int16" => 's',
        "System.UInt16" => 'S',
        "System.Int32" => 'i',
        "System.UInt32" => 'I',
        "System.Int64" => 'l',
        "System.UInt64" => 'L',
        _ => Reference,
    };

    internal static int Width(char kind) => kind switch
    {
        'Z' or 'b' or 'B' => 8,
        'C' or 's' or 'S' => 16,
        'i' or 'I' => 32,
        'l' or 'L' => 64,
        _ => 0,
    };

    /// <summary>The bit offset of argument <paramref name="index"/> in the packed value.</summary>
    internal static int Offset(string kinds, int index)
    {
        var offset = 0;
        for (var i = 0; i < index; i++)
        {
            offset += Width(kinds[i]);
        }

        return offset;
    }
}

/// <summary>
/// The text a woven module carries for its <c>SiteTable</c>. The weaver encodes, the runtime decodes; this file is
/// compiled into both so the two cannot drift. Layout: a header line, the count of pooled strings, the strings (one per
/// line, backslash-escaped), then one line per site of space-separated numbers: event, API, caller, source file
/// (string indexes, -1 for none), line (0 for none), argument names (index of a comma-separated string), and optionally
/// a deny reason (string index, -1 for none) and the kinds of the arguments passed unboxed (string index). Fields are
/// only ever appended, so an older table still decodes.
/// </summary>
internal static class SiteTableFormat
{
    internal const string Header = "AWSITES1";

    internal static string Encode(IReadOnlyList<SiteRecord> sites)
    {
        var pool = new List<string>();
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        int Intern(string? value)
        {
            if (value == null)
            {
                return -1;
            }

            if (!indexes.TryGetValue(value, out var index))
            {
                index = pool.Count;
                pool.Add(value);
                indexes.Add(value, index);
            }

            return index;
        }

        var rows = new StringBuilder();
        foreach (var site in sites)
        {
            rows.Append(Intern(site.EventName).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(Intern(site.Api).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(Intern(site.Caller).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(Intern(site.SourceFile).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append((site.Line ?? 0).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(Intern(string.Join(",", site.ArgumentNames ?? Array.Empty<string>())).ToString(CultureInfo.InvariantCulture));
            if (site.DenyReason != null || site.Scalars != null)
            {
                rows.Append(' ').Append(Intern(site.DenyReason).ToString(CultureInfo.InvariantCulture));
            }

            if (site.Scalars != null)
            {
                rows.Append(' ').Append(Intern(site.Scalars).ToString(CultureInfo.InvariantCulture));
            }

            rows.Append('\n');
        }

        var text = new StringBuilder();
        text.Append(Header).Append('\n').Append(pool.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var value in pool)
        {
            text.Append(Escape(value)).Append('\n');
        }

        return text.Append(rows).ToString();
    }

    internal static SiteRecord[] Decode(string data)
    {
        var lines = data.Split('\n');
        if (lines.Length < 2 || lines[0] != Header)
        {
            throw new FormatException("The call-site table was not written by a compatible AuditWeaver weaver (header '" + Header + "' expected).");
        }

        var poolCount = int.Parse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture);
        var pool = new string[poolCount];
        for (var i = 0; i < poolCount; i++)
        {
            pool[i] = Unescape(lines[2 + i]);
        }

        var sites = new List<SiteRecord>();
        for (var i = 2 + poolCount; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var fields = lines[i].Split(' ');
            string? At(int field)
            {
                var index = int.Parse(fields[field], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                return index < 0 ? null : pool[index];
            }

            var line = int.Parse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture);
            var names = At(5);
            sites.Add(new SiteRecord(
                At(0)!,
                string.IsNullOrEmpty(names) ? Array.Empty<string>() : names!.Split(','),
                At(1),
                At(2),
                At(3),
                line == 0 ? null : line,
                fields.Length > 6 ? At(6) : null,
                fields.Length > 7 ? At(7) : null));
        }

        return sites.ToArray();
    }

    private static string Escape(string value) =>
        value.IndexOf('\\') < 0 && value.IndexOf('\n') < 0 && value.IndexOf('\r') < 0
            ? value
            : value.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string value)
    {
        if (value.IndexOf('\\') < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    _ => value[i],
                });
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
