using System;

namespace AuditWeaver.Hooks;

/// <summary>The runtime's on/off environment variables (AUDITWEAVER_LOG_SYNC, AUDITWEAVER_ALLOW_DEGRADED) read one way.</summary>
internal static class EnvironmentFlag
{
    /// <summary>
    /// True for 1, true or yes; false when unset, empty, 0, false or no; null for any other value, which each caller
    /// reads the way that is safer for what it controls.
    /// </summary>
    internal static bool? Read(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable)?.Trim();
        if (value == null || value.Length == 0 || value == "0" || Is(value, "false") || Is(value, "no"))
        {
            return false;
        }

        return value == "1" || Is(value, "true") || Is(value, "yes") ? true : null;
    }

    private static bool Is(string value, string word) => string.Equals(value, word, StringComparison.OrdinalIgnoreCase);
}
