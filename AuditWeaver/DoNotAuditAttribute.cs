using System;

namespace AuditWeaver;

/// <summary>
/// Tells the weaver to leave the call sites in this method, or in every method of this type (lambdas, local functions,
/// iterators and async methods included), unaudited. For code that must not raise events, such as a hook's own helpers.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, Inherited = false)]
public sealed class DoNotAuditAttribute : Attribute
{
}
