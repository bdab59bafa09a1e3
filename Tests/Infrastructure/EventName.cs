using System;

namespace Tests.Infrastructure;

/// <summary>Event names for events a test raises itself.</summary>
internal static class EventName
{
    /// <summary>
    /// A name in the test category that no other test raises: hooks and consumers outlive their test in this process, so
    /// each reacts only to names made for it.
    /// </summary>
    internal static string Unique(string what) => "test." + what + Guid.NewGuid().ToString("N");
}
