using System;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// A woven output that fails the same validation as the input (a method body that no longer decodes, say): written to
/// the staging folder, never moved into place, and reported as an internal error, since the input was whole.
/// </summary>
internal sealed class WovenOutputException : Exception
{
    internal WovenOutputException(string damage)
        : base("the woven output failed its check: " + damage)
    {
    }
}
