#if NET8_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using System.Linq;
using System.Reflection;
using AuditWeaver.Catalog;

namespace AuditWeaver.Routes;

/// <summary>
/// Evaluates catalog expressions against values known only at run time: the receiver and arguments of a reflected call,
/// a delegate invocation or an expression-tree call. The woven equivalent is compiled IL (ArgumentEmitter); the two
/// give the same arguments for the same call.
/// </summary>
internal static class CatalogInterpreter
{
    internal static object?[] Arguments(CatalogEntry entry, object? receiver, object?[] arguments) =>
        entry.Arguments.Select(e => Evaluate(e, receiver, arguments)).ToArray();

    internal static object? Evaluate(CatalogExpression expression, object? receiver, object?[] arguments) => expression switch
    {
        ParameterExpression parameter => parameter.Index < arguments.Length ? arguments[parameter.Index] : null,
        ReceiverExpression => receiver,
        LiteralExpression literal => literal.Value,
        PropertyExpression property => Read(Evaluate(property.Target, receiver, arguments), property.Property),
        FunctionExpression { Function: CatalogFunctions.ArrayFunction } array => array.Arguments.Select(a => Evaluate(a, receiver, arguments)).ToArray(),
        FunctionExpression function when FunctionTable.Functions.TryGetValue(function.Function, out var implementation) =>
            implementation(function.Arguments.Select(a => Evaluate(a, receiver, arguments)).ToArray()),
        _ => null,
    };

#if NET8_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The catalog reads public properties of framework option types (FileStreamOptions, QUIC options) on live objects; if trimming removed a getter, the argument is null and the call itself is unaffected.")]
#endif
    private static object? Read(object? value, string property)
    {
        if (value == null)
        {
            return null;
        }

        try
        {
            return value.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance)?.GetValue(value);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
