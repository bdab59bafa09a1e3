using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace AuditWeaver.Weaving;

/// <summary>
/// The functions catalog expressions call to turn raw call-site values into event arguments (<c>host($0)</c> is
/// <see cref="Host"/>). Woven code calls them only after <see cref="Audit.IsEnabled"/> was true. They never throw: an
/// argument that cannot be computed is null, because auditing must not change what the call site does.
/// Part of the binary contract with woven assemblies: members are only ever added.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[DebuggerStepThrough]
public static class ArgumentFunctions
{
    /// <summary>The value as invariant-culture text (enums by name).</summary>
    public static object? Str(object? value) => Safe(() => Text(value));

    /// <summary>A sequence of command-line arguments as one string, quoted the way the process start would.</summary>
    public static object? Join(object? arguments) => Safe(() => arguments switch
    {
        null => null,
        string s => s,
        IEnumerable sequence => JoinArguments(sequence.Cast<object?>().Select(Text)),
        _ => Text(arguments),
    });

    /// <summary>A sequence as comma-separated text.</summary>
    public static object? List(object? items) => Safe(() => items switch
    {
        null => null,
        string s => s,
        IEnumerable sequence => string.Join(", ", sequence.Cast<object?>().Select(Text)),
        _ => Text(items),
    });

    /// <summary>The full path of a FileInfo or DirectoryInfo; a string as is.</summary>
    public static object? Path(object? entry) => Safe(() => entry switch
    {
        FileSystemInfo info => info.FullName,
        _ => Text(entry),
    });

    /// <summary>Two path parts joined.</summary>
    public static object? Combine(object? first, object? second) => Safe(() =>
        first == null || second == null ? Text(second) : System.IO.Path.Combine(Text(first)!, Text(second)!));

    /// <summary>The temp folder joined with a name prefix and <c>*</c> (the final name is not known before the call).</summary>
    public static object? Temppath(object? prefix) => Safe(() => System.IO.Path.Combine(System.IO.Path.GetTempPath(), Text(prefix) + "*"));

    /// <summary>The FileAccess a FileStream picks when only a FileMode is given.</summary>
    public static object? Access(object? mode) => Safe(() => mode == null ? null : Text(mode) == "Append" ? "Write" : "ReadWrite");

    /// <summary>The FileMode of StreamWriter's append flag.</summary>
    public static object? Appendmode(object? append) => Safe(() => append is true ? "Append" : "Create");

    /// <summary>The FileMode ZipFile.Open uses for a ZipArchiveMode.</summary>
    public static object? Zipmode(object? mode) => Safe(() => Text(mode) switch
    {
        "Read" => "Open",
        "Create" => "CreateNew",
        "Update" => "OpenOrCreate",
        var other => other,
    });

    /// <summary>The FileAccess ZipFile.Open uses for a ZipArchiveMode.</summary>
    public static object? Zipaccess(object? mode) => Safe(() => Text(mode) switch
    {
        "Read" => "Read",
        "Create" => "Write",
        "Update" => "ReadWrite",
        var other => other,
    });

    /// <summary>The name of a zip archive entry.</summary>
    public static object? Entryname(object? entry) => Safe(() => entry is ZipArchiveEntry e ? e.FullName : Text(entry));

    /// <summary>The host part of an endpoint, address, address list, URI or connection arguments.</summary>
    public static object? Host(object? endpoint) => Safe(() => HostOf(endpoint));

    /// <summary>The port of an endpoint or URI; null when it has none.</summary>
    public static object? Port(object? endpoint) => Safe(() => PortOf(endpoint));

    /// <summary>The host part of the local endpoint of a socket or listener.</summary>
    public static object? Localhost(object? owner) => Safe(() => HostOf(LocalEndPoint(owner)));

    /// <summary>The port of the local endpoint of a socket or listener.</summary>
    public static object? Localport(object? owner) => Safe(() => PortOf(LocalEndPoint(owner)));

    /// <summary>The id of a process.</summary>
    public static object? Pid(object? process) => Safe(() => process is Process p ? p.Id : null);

    /// <summary>The executable of a Process or ProcessStartInfo.</summary>
    public static object? Startfile(object? start) => Safe(() => StartInfo(start)?.FileName);

    /// <summary>The command-line arguments of a Process or ProcessStartInfo as one string; null when there are none.</summary>
    public static object? Startargs(object? start) => Safe(() =>
    {
        var info = StartInfo(start);
        if (info == null)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(info.Arguments))
        {
            return info.Arguments;
        }

        var list = ArgumentList(info);
        return list == null || list.Count == 0 ? null : JoinArguments(list);
    });

    /// <summary>The working directory of a Process or ProcessStartInfo; null when none was set.</summary>
    public static object? Startdir(object? start) => Safe(() =>
    {
        var directory = StartInfo(start)?.WorkingDirectory;
        return string.IsNullOrEmpty(directory) ? null : directory;
    });

    /// <summary>The HTTP method of a request message.</summary>
    public static object? Method(object? request) => Safe(() => request is HttpRequestMessage message ? message.Method.Method : null);

    /// <summary>A request message's URI, resolved against the client's BaseAddress when the client is an HttpClient.</summary>
    public static object? Requesturi(object? client, object? request) => Safe(() =>
        request is HttpRequestMessage message ? Resolve(client, message.RequestUri) : null);

    /// <summary>A URI or URI string, resolved against the client's BaseAddress when it is relative.</summary>
    public static object? Uri(object? client, object? uri) => Safe(() => Resolve(client, uri));

    /// <summary>The length of an array, string, collection or seekable stream.</summary>
    public static object? Length(object? value) => Safe(() => value switch
    {
        Array array => array.Length,
        string text => text.Length,
        ICollection collection => collection.Count,
        Stream { CanSeek: true } stream => stream.Length,
        _ => null,
    });

    /// <summary>The full name of the type behind a RuntimeTypeHandle.</summary>
    public static object? Handletype(object? handle) => Safe(() => handle is RuntimeTypeHandle type ? Type.GetTypeFromHandle(type)?.FullName : Text(handle));

    /// <summary>The method behind a RuntimeMethodHandle.</summary>
    public static object? Handlemethod(object? handle) => Safe(() => handle is RuntimeMethodHandle method ? MethodBase.GetMethodFromHandle(method) : null);

    /// <summary>The member a MethodInvoker or ConstructorInvoker was created for, when woven code saw its creation.</summary>
    public static object? Invokermember(object? invoker) => Safe(() => invoker == null ? null : Routes.InvokerTable.MemberOf(invoker));

    /// <summary>The database file of a SQLite connection (Microsoft.Data.Sqlite: the connection or its connection string).</summary>
    public static object? Sqlitepath(object? connection) => Safe(() => SqliteDatabases.PathOf(connection));

    /// <summary>The file SQLitePCLRaw's <c>sqlite3_open_v2(filename, ..., flags, ...)</c> opens (flags null: <c>sqlite3_open</c>).</summary>
    public static object? Sqlitefile(object? filename, object? flags) => Safe(() => SqliteDatabases.FileOf(Text(filename), flags));

    /// <summary>The FileMode of a SQLite open: from a connection's Mode, or from the C API's open flags.</summary>
    public static object? Sqlitemode(object? connectionOrFlags) => Safe(() => SqliteDatabases.ModeOf(connectionOrFlags));

    /// <summary>The FileAccess of a SQLite open: from a connection's Mode, or from the C API's open flags.</summary>
    public static object? Sqliteaccess(object? connectionOrFlags) => Safe(() => SqliteDatabases.AccessOf(connectionOrFlags));

    private static object? Safe(Func<object?> compute)
    {
        try
        {
            return compute();
        }
        catch (Exception)
        {
            // An argument that cannot be computed must not make the audited call site throw.
            return null;
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static object? HostOf(object? endpoint) => endpoint switch
    {
        null => null,
        IPEndPoint ip => ip.Address.ToString(),
        DnsEndPoint dns => dns.Host,
        IPAddress address => address.ToString(),
        IEnumerable<IPAddress> addresses => string.Join(", ", addresses.Select(a => a?.ToString())),
        SocketAsyncEventArgs args => HostOf(args.RemoteEndPoint),
        System.Uri uri => uri.IsAbsoluteUri ? uri.Host : uri.OriginalString,
        _ => Text(endpoint),
    };

    private static object? PortOf(object? endpoint) => endpoint switch
    {
        IPEndPoint ip => ip.Port,
        DnsEndPoint dns => dns.Port,
        SocketAsyncEventArgs args => PortOf(args.RemoteEndPoint),
        System.Uri uri when uri.IsAbsoluteUri => uri.Port,
        _ => null,
    };

    private static EndPoint? LocalEndPoint(object? owner) => owner switch
    {
        Socket socket => socket.LocalEndPoint,
        TcpListener listener => listener.LocalEndpoint,
        UdpClient client => client.Client?.LocalEndPoint,
        _ => null,
    };

    private static ProcessStartInfo? StartInfo(object? start) => start switch
    {
        ProcessStartInfo info => info,
        Process process => process.StartInfo,
        _ => null,
    };

    private static IList<string>? ArgumentList(ProcessStartInfo info)
    {
#if NET8_0_OR_GREATER
        return info.ArgumentList;
#else
        // ProcessStartInfo.ArgumentList is not in netstandard2.0; every runtime this build meets on .NET Core has it.
        return info.GetType().GetProperty("ArgumentList")?.GetValue(info) as IList<string>;
#endif
    }

    private static object? Resolve(object? client, object? uri)
    {
        var baseAddress = (client as HttpClient)?.BaseAddress;
        switch (uri)
        {
            case null:
                return baseAddress?.OriginalString;
            case System.Uri absolute when absolute.IsAbsoluteUri:
                return absolute.OriginalString;
            case System.Uri relative:
                return baseAddress == null ? relative.OriginalString : new System.Uri(baseAddress, relative).OriginalString;
            default:
                var text = Text(uri)!;
                if (baseAddress == null || System.Uri.TryCreate(text, UriKind.Absolute, out _))
                {
                    return text;
                }

                return new System.Uri(baseAddress, text).OriginalString;
        }
    }

    private static string JoinArguments(IEnumerable<string?> arguments)
    {
        var text = new StringBuilder();
        foreach (var argument in arguments)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            var value = argument ?? string.Empty;
            if (value.Length > 0 && value.IndexOfAny(new[] { ' ', '\t', '"' }) < 0)
            {
                text.Append(value);
            }
            else
            {
                text.Append('"').Append(value.Replace("\"", "\\\"")).Append('"');
            }
        }

        return text.ToString();
    }
}
