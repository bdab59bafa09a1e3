using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Compares by object identity (netstandard2.0 has no ReferenceEqualityComparer): Cecil's member references have no
/// value equality, and one object per metadata row is exactly what a per-module cache wants.
/// </summary>
internal sealed class IdentityComparer<T> : IEqualityComparer<T>
    where T : class
{
    internal static IdentityComparer<T> Instance { get; } = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
}
