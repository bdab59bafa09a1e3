using System;
using System.Collections.Generic;

namespace AuditWeaver.Policies;

/// <summary>Reads an event's arguments by schema name, as text, for the rule conditions.</summary>
internal static class EventArguments
{
    internal static IEnumerable<string> Named(AuditEvent auditEvent, params string[] names)
    {
        if (auditEvent.ArgumentNames == null)
        {
            yield break;
        }

        for (var i = 0; i < auditEvent.ArgumentNames.Count && i < auditEvent.ArgumentCount; i++)
        {
            if (Array.IndexOf(names, auditEvent.ArgumentNames[i]) >= 0 && auditEvent.ArgumentAt(i) is { } value)
            {
                var text = value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                if (!string.IsNullOrEmpty(text))
                {
                    yield return text!;
                }
            }
        }
    }

    /// <summary>The absolute form of <paramref name="path"/>, or null when it is not a path this system could open.</summary>
    internal static string? FullPathOrNull(string path)
    {
        try
        {
            return System.IO.Path.GetFullPath(path);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
        {
            return null;
        }
    }

    /// <summary>How this operating system compares file names.</summary>
    internal static StringComparison FileNameComparison { get; } =
        System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux)
            ? StringComparison.Ordinal
            : StringComparison.OrdinalIgnoreCase;
}
