using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AuditWeaver.Tool.Output;

/// <summary>A plain-text table: the first column left-aligned, the others (counts) right-aligned.</summary>
internal sealed class TextTable
{
    private readonly string[] _header;
    private readonly List<string[]> _rows = new();

    internal TextTable(params string[] header)
    {
        _header = header;
    }

    internal int RowCount => _rows.Count;

    internal TextTable Add(params string[] row)
    {
        _rows.Add(row);
        return this;
    }

    internal void Write(TextWriter writer, string indent = "")
    {
        var widths = _header.Select((h, i) => Math.Max(h.Length, _rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        foreach (var row in new[] { _header }.Concat(_rows))
        {
            var cells = row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            writer.WriteLine(indent + string.Join("  ", cells).TrimEnd());
        }
    }
}
