using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace AuditWeaver.MSBuild;

/// <summary>What became of one dependency, remembered between builds.</summary>
internal sealed class CacheEntry
{
    internal CacheEntry(string source, long length, long writeTicks, string contentHash, string fingerprint, string status, string detail)
    {
        Source = source;
        Length = length;
        WriteTicks = writeTicks;
        ContentHash = contentHash;
        Fingerprint = fingerprint;
        Status = status;
        Detail = detail;
    }

    internal string Source { get; }

    internal long Length { get; }

    internal long WriteTicks { get; }

    internal string ContentHash { get; }

    /// <summary>Of the weaver and the configuration the file was woven under.</summary>
    internal string Fingerprint { get; }

    /// <summary><see cref="WovenCopyCache.Woven"/> or <see cref="WovenCopyCache.Skipped"/>.</summary>
    internal string Status { get; }

    /// <summary>The woven copy's path, or why the file was passed over.</summary>
    internal string Detail { get; }
}

/// <summary>
/// Remembers, per source file, what its last weave gave (the woven copy, or why it was passed over) and under what: the
/// file's size, time stamp and content hash, and a fingerprint of the weaver and the configuration. A dependency is
/// woven again only when one of those changed; a file whose time stamp moved but whose content did not (a project
/// reference rebuilt to the same bytes) is recognised by its hash and not woven again. One file under obj/, rewritten
/// whole (through a temporary file) when anything changed.
/// </summary>
internal sealed class WovenCopyCache
{
    internal const string Woven = "woven";
    internal const string Skipped = "skipped";

    private readonly string _path;
    private readonly Dictionary<string, CacheEntry> _entries;
    private bool _changed;

    private WovenCopyCache(string path, Dictionary<string, CacheEntry> entries)
    {
        _path = path;
        _entries = entries;
    }

    internal static WovenCopyCache Load(string path)
    {
        var entries = new Dictionary<string, CacheEntry>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadAllLines(path))
            {
                var fields = line.Split('\t');
                if (fields.Length == 7 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length) && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                {
                    entries[fields[0]] = new CacheEntry(fields[0], length, ticks, fields[3], fields[4], fields[5], fields[6]);
                }
            }
        }

        return new WovenCopyCache(path, entries);
    }

    /// <summary>
    /// The entry for <paramref name="source"/> when it still holds: same fingerprint, same file (by size and time stamp,
    /// or else by content), and for a woven copy, the copy still there.
    /// </summary>
    internal CacheEntry? Find(string source, string fingerprint)
    {
        if (!_entries.TryGetValue(source, out var entry) || entry.Fingerprint != fingerprint)
        {
            return null;
        }

        var file = new FileInfo(source);
        if (!file.Exists || (entry.Status == Woven && !File.Exists(entry.Detail)))
        {
            return null;
        }

        if (file.Length == entry.Length && file.LastWriteTimeUtc.Ticks == entry.WriteTicks)
        {
            return entry;
        }

        if (file.Length != entry.Length || HashOf(source) != entry.ContentHash)
        {
            return null;
        }

        var touched = new CacheEntry(entry.Source, entry.Length, file.LastWriteTimeUtc.Ticks, entry.ContentHash, entry.Fingerprint, entry.Status, entry.Detail);
        Record(touched);
        return touched;
    }

    /// <summary>An entry for <paramref name="source"/> as it is now.</summary>
    internal CacheEntry Describe(string source, string fingerprint, string status, string detail)
    {
        var file = new FileInfo(source);
        return new CacheEntry(source, file.Length, file.LastWriteTimeUtc.Ticks, HashOf(source), fingerprint, status, detail);
    }

    internal void Record(CacheEntry entry)
    {
        _entries[entry.Source] = entry;
        _changed = true;
    }

    /// <summary>Forgets a file whose weave failed, so that the next build tries again and repeats why.</summary>
    internal void Forget(string source) => _changed |= _entries.Remove(source);

    internal void Save()
    {
        if (!_changed)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var entry in _entries.Values.OrderBy(e => e.Source, StringComparer.Ordinal))
        {
            text.Append(entry.Source).Append('\t')
                .Append(entry.Length.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(entry.WriteTicks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(entry.ContentHash).Append('\t')
                .Append(entry.Fingerprint).Append('\t')
                .Append(entry.Status).Append('\t')
                .Append(entry.Detail.Replace('\t', ' ').Replace('\n', ' ')).Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, text.ToString());
        if (File.Exists(_path))
        {
            File.Delete(_path);
        }

        File.Move(temporary, _path);
        _changed = false;
    }

    internal static string HashOf(string path)
    {
        using var sha = SHA256.Create();
        using var stream = File.OpenRead(path);
        return Hex(sha.ComputeHash(stream));
    }

    internal static string HashOf(IEnumerable<string> parts)
    {
        using var sha = SHA256.Create();
        return Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(string.Join("\n", parts))));
    }

    private static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
