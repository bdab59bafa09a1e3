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

    internal SiteRecord(string eventName, IReadOnlyList<string> argumentNames, string? api, string? caller, string? sourceFile, int? line, string? denyReason = null)
    {
        DenyReason = denyReason;
        EventName = eventName;
        ArgumentNames = argumentNames;
        Api = api;
        Caller = caller;
        SourceFile = sourceFile;
        Line = line;
    }

    internal string EventName { get; }

    /// <summary>
    /// The category of <see cref="EventName"/>, cut on first use and then shared by every event of the site. Threads
    /// racing on the first use compute equal strings, so the unsynchronized write is harmless.
    /// </summary>
    internal string Category => _category ??= CatalogCategories.CategoryOf(EventName);

    internal IReadOnlyList<string> ArgumentNames { get; }

    internal string? Api { get; }

    internal string? Caller { get; }

    internal string? SourceFile { get; }

    internal int? Line { get; }

    /// <summary>Why a site denied at build time refuses, when it is not a &lt;Deny&gt; rule of the configuration.</summary>
    internal string? DenyReason { get; }
}

/// <summary>
/// The text a woven module carries for its <c>SiteTable</c>. The weaver encodes, the runtime decodes; this file is
/// compiled into both so the two cannot drift. Layout: a header line, the count of pooled strings, the strings (one per
/// line, backslash-escaped), then one line per site of space-separated numbers: event, API, caller, source file
/// (string indexes, -1 for none), line (0 for none), argument names (index of a comma-separated string), and optionally
/// a deny reason (string index). Fields are only ever appended, so an older table still decodes.
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
                .Append(Intern(string.Join(",", site.ArgumentNames)).ToString(CultureInfo.InvariantCulture));
            if (site.DenyReason != null)
            {
                rows.Append(' ').Append(Intern(site.DenyReason).ToString(CultureInfo.InvariantCulture));
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
                fields.Length > 6 ? At(6) : null));
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
