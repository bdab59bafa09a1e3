using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Tests.Infrastructure.KernelRecord;

/// <summary>
/// One system call as strace printed it with <c>-f -yy</c>: which process made it, where it starts in the record (so
/// calls compare by the order the kernel saw them enter), its arguments as printed, and its result.
/// </summary>
internal sealed partial record SystemCall(int Index, int Pid, string Name, IReadOnlyList<string> Arguments, string Result)
{
    /// <summary>False for a call that failed (<c>-1 EAGAIN</c>) or never returned to strace (<c>?</c>).</summary>
    internal bool Succeeded => !Result.StartsWith("-1", System.StringComparison.Ordinal) && Result != "?";

    /// <summary>
    /// The path a file call names: the first argument printed as a string (openat's second, open's, execve's,
    /// inotify_add_watch's second, mkdir's and mkdirat's, unlink's and unlinkat's), decoded; null when there is none.
    /// </summary>
    internal string? PathArgument
    {
        get
        {
            foreach (var argument in Arguments)
            {
                if (argument.StartsWith('"'))
                {
                    return StraceText.Decode(argument);
                }
            }

            return null;
        }
    }

    /// <summary>What <c>-yy</c> printed after the first argument's descriptor: a file's path, or <c>TCP:[addr:port]</c>.</summary>
    internal string? DescriptorTarget => Arguments.Count > 0 && DescriptorPattern().Match(Arguments[0]) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>The local port of the socket in the first argument (listen, accept), from its <c>TCP:[addr:port]</c>.</summary>
    internal int? SocketPort => DescriptorTarget is { } target && LocalPortPattern().Match(target) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The IPv4 or IPv6 address and port of the second argument's socket address (bind, connect); null for other families.</summary>
    internal (string Host, int Port)? SocketAddress
    {
        get
        {
            if (Arguments.Count < 2)
            {
                return null;
            }

            var port = PortPattern().Match(Arguments[1]);
            var address = AddressPattern().Match(Arguments[1]);
            return port.Success && address.Success ? (address.Groups[1].Value, int.Parse(port.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) : null;
        }
    }

    /// <summary>The bytes a write or pwrite64 wrote, as text.</summary>
    internal string WrittenText => Arguments.Count > 1 ? StraceText.Decode(Arguments[1]) : string.Empty;

    public override string ToString() => Pid + " " + Name + "(" + string.Join(", ", Arguments) + ") = " + Result;

    [GeneratedRegex(@"^\d+<(.*)>$", RegexOptions.Singleline)]
    private static partial Regex DescriptorPattern();

    [GeneratedRegex(@"^TCP(?:v6)?:\[.*:(\d+)\]$")]
    private static partial Regex LocalPortPattern();

    [GeneratedRegex(@"sin6?_port=htons\((\d+)\)")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"(?:inet_addr\(|inet_pton\(AF_INET6, )""([^""]*)""")]
    private static partial Regex AddressPattern();
}
