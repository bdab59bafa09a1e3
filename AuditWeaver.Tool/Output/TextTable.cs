using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AuditWeaver.Tool.Output;

/// <summary>A plain-text table: columns of counts right-aligned, the others left-aligned.</summary>
internal sealed class TextTable
{
    private readonly string[] _header;
    private readonly List<string[]> _rows = new();

    internal TextTable(params string[] header)
    {
        _header = header;
    }

    internal TextTable Add(params string[] row)
    {
        _rows.Add(row);
        return this;
    }

    internal void Write(TextWriter writer, string indent = "")
    {
        var widths = _header.Select((h, i) => Math.Max(h.Length, _rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var numeric = _header.Select((_, i) => _rows.Count > 0 && _rows.All(r => int.TryParse(r[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int _))).ToArray();
        foreach (var row in new[] { _header }.Concat(_rows))
        {
            var cells = row.Select((cell, i) => numeric[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
            writer.WriteLine(indent + string.Join("  ", cells).TrimEnd());
        }
    }
}
