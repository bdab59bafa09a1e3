using System;
using System.Data.Common;
using System.IO;

namespace AuditWeaver.Weaving;

/// <summary>
/// The file SQLite opens, and the FileMode and FileAccess the open amounts to, for a Microsoft.Data.Sqlite connection
/// (its connection string) and for SQLitePCLRaw's <c>sqlite3_open</c>/<c>sqlite3_open_v2</c> (a file name and the C
/// API's flags). The runtime references neither package: connection strings are read with DbConnectionStringBuilder
/// under the keywords Microsoft.Data.Sqlite accepts, flags by their values in sqlite3.h. The path is resolved the way
/// the open resolves it, so a hook sees the file's full path before it exists: Microsoft.Data.Sqlite joins a relative
/// path or a <c>|DataDirectory|</c> prefix to the app domain's DataDirectory when one is set, and SQLite itself opens
/// what remains relative to the current directory. A database with no file is named as SQLite names it:
/// <c>:memory:</c> for an in-memory one, the empty string for a private temporary one.
/// </summary>
internal static class SqliteDatabases
{
    internal const string InMemory = ":memory:";

    private const string DataDirectory = "|DataDirectory|";

    // sqlite3.h: SQLITE_OPEN_READONLY, _READWRITE, _CREATE, _URI, _MEMORY.
    private const int ReadOnlyFlag = 0x1;
    private const int ReadWriteFlag = 0x2;
    private const int CreateFlag = 0x4;
    private const int UriFlag = 0x40;
    private const int MemoryFlag = 0x80;

    // What sqlite3_open (no flags) and Microsoft.Data.Sqlite's default Mode=ReadWriteCreate ask for.
    private const int DefaultFlags = ReadWriteFlag | CreateFlag;

    /// <summary>The database file of a connection (a DbConnection or its connection string).</summary>
    internal static string? PathOf(object? connection)
    {
        var options = Read(connection);
        if (options == null)
        {
            return null;
        }

        var (source, flags) = options.Value;
        var isUri = source.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        if ((flags & MemoryFlag) != 0)
        {
            return InMemory;
        }

        var directory = AppDomain.CurrentDomain.GetData("DataDirectory") as string;
        if (!string.IsNullOrEmpty(directory) && !isUri && !source.Equals(InMemory, StringComparison.OrdinalIgnoreCase))
        {
            source = source.StartsWith(DataDirectory, StringComparison.OrdinalIgnoreCase)
                ? Path.Combine(directory, source.Substring(DataDirectory.Length))
                : Path.IsPathRooted(source) ? source : Path.Combine(directory, source);
        }

        return FileOf(source, isUri ? flags | UriFlag : flags);
    }

    /// <summary>The file <c>sqlite3_open_v2(filename, ..., flags, ...)</c> opens (flags null: <c>sqlite3_open</c>'s).</summary>
    internal static string? FileOf(string? filename, object? flags)
    {
        var bits = flags is int value ? value : DefaultFlags;
        if (filename == null)
        {
            return null;
        }

        if ((bits & MemoryFlag) != 0 || filename.Equals(InMemory, StringComparison.Ordinal))
        {
            return InMemory;
        }

        if ((bits & UriFlag) != 0 && filename.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return UriFile(filename);
        }

        return filename.Length == 0 ? string.Empty : Path.GetFullPath(filename);
    }

    /// <summary>The FileMode of an open: from a connection's Mode, or from flags (an int).</summary>
    internal static string? ModeOf(object? connectionOrFlags)
    {
        var flags = FlagsOf(connectionOrFlags);
        return flags == null ? null : (flags.Value & CreateFlag) != 0 ? "OpenOrCreate" : "Open";
    }

    /// <summary>The FileAccess of an open: from a connection's Mode, or from flags (an int).</summary>
    internal static string? AccessOf(object? connectionOrFlags)
    {
        var flags = FlagsOf(connectionOrFlags);
        return flags == null ? null : (flags.Value & ReadOnlyFlag) != 0 ? "Read" : "ReadWrite";
    }

    private static int? FlagsOf(object? connectionOrFlags)
    {
        return connectionOrFlags is int flags ? flags : Read(connectionOrFlags)?.Flags;
    }

    // Microsoft.Data.Sqlite: Data Source (or DataSource, Filename) and Mode (ReadWriteCreate, ReadWrite, ReadOnly, Memory).
    private static (string Source, int Flags)? Read(object? connection)
    {
        var text = connection switch
        {
            DbConnection c => c.ConnectionString,
            string s => s,
            _ => null,
        };
        if (text == null)
        {
            return null;
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = text };
        var source = Value(builder, "Data Source") ?? Value(builder, "DataSource") ?? Value(builder, "Filename") ?? string.Empty;
        var flags = (Value(builder, "Mode") ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "READONLY" => ReadOnlyFlag,
            "READWRITE" => ReadWriteFlag,
            "MEMORY" => DefaultFlags | MemoryFlag,
            _ => DefaultFlags,
        };
        return (source, flags);
    }

    private static string? Value(DbConnectionStringBuilder builder, string keyword) =>
        builder.TryGetValue(keyword, out var value) ? value?.ToString() : null;

    // file:path?query#fragment, percent-escaped; a mode=memory parameter means no file. SQLite accepts an authority
    // only when it is empty or localhost (file:///path, file://localhost/path).
    private static string UriFile(string uri)
    {
        var rest = uri.Substring("file:".Length);
        var end = rest.IndexOfAny(new[] { '?', '#' });
        var query = end >= 0 && rest[end] == '?' ? rest.Substring(end + 1) : string.Empty;
        var path = end < 0 ? rest : rest.Substring(0, end);
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = path.IndexOf('/', 2);
            path = slash < 0 ? string.Empty : path.Substring(slash);
        }

        foreach (var parameter in query.Split('&'))
        {
            if (parameter.Equals("mode=memory", StringComparison.Ordinal))
            {
                return InMemory;
            }
        }

        path = Uri.UnescapeDataString(path);
        return path.Length == 0 ? string.Empty : path.Equals(InMemory, StringComparison.Ordinal) ? InMemory : Path.GetFullPath(path);
    }
}
