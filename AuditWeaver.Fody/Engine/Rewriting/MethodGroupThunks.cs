using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Method groups and function pointers of audited members (<c>Func&lt;string, string&gt; f = File.ReadAllText</c>,
/// <c>delegate*&lt;string, void&gt; p = &amp;File.Delete</c>) compile to <c>ldftn</c>/<c>ldvirtftn</c>, and the call
/// happens later with no call site to weave. Each such load is pointed at a generated static thunk with the same
/// signature (the receiver first for instance members, which a delegate binds as its target) whose single call is an
/// ordinary woven call site, so every invocation through the delegate or pointer raises the event.
/// </summary>
internal sealed class MethodGroupThunks
{
    private readonly ModuleDefinition _module;
    private readonly TypeDefinition _owner;
    private int _count;

    internal MethodGroupThunks(ModuleDefinition module, TypeDefinition owner)
    {
        _module = module;
        _owner = owner;
    }

    /// <summary>
    /// Whether a thunk can stand in for <paramref name="target"/> (not when it is generic over the loading method's own
    /// type parameters, nor an instance member of a value type, nor vararg).
    /// </summary>
    internal static bool CanRoute(MethodReference target) =>
        target.CallingConvention != MethodCallingConvention.VarArg
        && !(target.HasThis && target.DeclaringType.IsValueType)
        && !ContainsGenericParameter(target.DeclaringType)
        && !(target is GenericInstanceMethod instance && instance.GenericArguments.Any(ContainsGenericParameter))
        && !target.Parameters.Any(p => ContainsGenericParameter(GenericContext.Resolve(p.ParameterType, target)))
        && !ContainsGenericParameter(GenericContext.Resolve(target.ReturnType, target));

    /// <summary>Creates <c>static R &lt;thunk&gt;N([T self,] P0 p0, ...) =&gt; [self.]Target(p0, ...)</c> and returns its call instruction.</summary>
    internal (MethodDefinition Thunk, Instruction Call) Create(MethodReference target, bool virtualCall)
    {
        var returnType = GenericContext.Resolve(target.ReturnType, target);
        var thunk = new MethodDefinition(
            "<thunk>" + _count++,
            MethodAttributes.Assembly | MethodAttributes.Static | MethodAttributes.HideBySig,
            returnType);
        if (target.HasThis)
        {
            thunk.Parameters.Add(new ParameterDefinition("self", ParameterAttributes.None, target.DeclaringType));
        }

        foreach (var parameter in target.Parameters)
        {
            thunk.Parameters.Add(new ParameterDefinition(parameter.Name, parameter.Attributes, GenericContext.Resolve(parameter.ParameterType, target)));
        }

        var il = thunk.Body.GetILProcessor();
        foreach (var parameter in thunk.Parameters)
        {
            il.Emit(OpCodes.Ldarg, parameter);
        }

        var call = il.Create(virtualCall ? OpCodes.Callvirt : OpCodes.Call, target);
        il.Append(call);
        il.Emit(OpCodes.Ret);
        Hide(thunk);
        _owner.Methods.Add(thunk);
        return (thunk, call);
    }

    // The thunk is plumbing: it should not show in stack traces or be stepped into.
    private void Hide(MethodDefinition thunk)
    {
        foreach (var name in new[] { "DebuggerHiddenAttribute", "StackTraceHiddenAttribute" })
        {
            var attribute = ModuleAdditions.CoreLibraryAttribute(_module, "System.Diagnostics", name);
            if (Definitions.TryResolve(attribute.AttributeType) != null)
            {
                thunk.CustomAttributes.Add(attribute);
            }
        }
    }

    private static bool ContainsGenericParameter(TypeReference type) => type switch
    {
        GenericParameter => true,
        TypeSpecification specification when specification is GenericInstanceType instance => instance.GenericArguments.Any(ContainsGenericParameter),
        TypeSpecification specification => ContainsGenericParameter(specification.ElementType),
        _ => false,
    };
}
