using System.Collections.Generic;
using AuditWeaver.Catalog;
using AuditWeaver.Weaving;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Compiles a catalog expression to IL that leaves the argument's value on the stack as an object. Runs only inside the
/// branch taken when a consumer is listening, so boxing and allocation here cost nothing on the quiet path.
/// </summary>
internal sealed class ArgumentEmitter
{
    private readonly ModuleDefinition _module;
    private readonly RuntimeReferences _runtime;
    private readonly CallSite? _site;
    private readonly IReadOnlyDictionary<int, VariableDefinition> _temps;
    private readonly List<Instruction> _il;
    private readonly SequencePoint? _location;

    /// <summary>The local holding the call's result, for <c>$result</c> in after clauses.</summary>
    internal VariableDefinition? Result { get; set; }

    internal ArgumentEmitter(
        ModuleDefinition module,
        RuntimeReferences runtime,
        CallSite? site,
        IReadOnlyDictionary<int, VariableDefinition> temps,
        List<Instruction> il,
        SequencePoint? location)
    {
        _module = module;
        _runtime = runtime;
        _site = site;
        _temps = temps;
        _il = il;
        _location = location;
    }

    // Null for an unmanaged calli: its event's arguments are constants, and no expression reads a call's values.
    private CallSite Site => _site ?? throw new System.InvalidOperationException("A catalog expression reads a call's values at a site that has no call (an unmanaged calli).");

    internal void EmitObject(CatalogExpression expression)
    {
        var type = EmitTyped(expression);
        Box(type);
    }

    /// <summary>
    /// The <c>ScalarKinds</c> letter of the value <paramref name="expression"/> leaves, when its static type is one that
    /// can be passed unboxed (a parameter, the receiver or a literal of type bool, char or an integer of up to 64 bits);
    /// otherwise <c>ScalarKinds.Reference</c>, and the value is boxed as before.
    /// </summary>
    internal char ScalarKindOf(CatalogExpression expression)
    {
        switch (expression)
        {
            case LiteralExpression { Value: bool }:
                return ScalarKinds.Of("System.Boolean");
            case LiteralExpression { Value: int }:
                return ScalarKinds.Of("System.Int32");
            case ParameterExpression or ReceiverExpression:
                var type = _temps[expression is ParameterExpression parameter ? Site.ParameterSlot(parameter.Index) : 0].VariableType;
                if (type is ByReferenceType byReference)
                {
                    type = byReference.ElementType;
                }

                return type.IsPrimitive ? ScalarKinds.Of(type.FullName) : ScalarKinds.Reference;
            default:
                return ScalarKinds.Reference;
        }
    }

    /// <summary>
    /// ORs the value of <paramref name="expression"/>, of kind <paramref name="kind"/>, into the long on the stack at bit
    /// <paramref name="offset"/>: <c>packed | ((ulong)value &amp; mask) &lt;&lt; offset</c>.
    /// </summary>
    internal void EmitScalar(CatalogExpression expression, char kind, int offset)
    {
        EmitTyped(expression);
        var width = ScalarKinds.Width(kind);
        if (width < 64)
        {
            // The evaluation stack holds small integers as int32, sign-extended: keep only the value's own bits.
            _il.Add(Instruction.Create(OpCodes.Conv_U8));
            _il.Add(Instruction.Create(OpCodes.Ldc_I8, (long)((1UL << width) - 1)));
            _il.Add(Instruction.Create(OpCodes.And));
        }

        if (offset > 0)
        {
            _il.Add(Instruction.Create(OpCodes.Ldc_I4, offset));
            _il.Add(Instruction.Create(OpCodes.Shl));
        }

        _il.Add(Instruction.Create(OpCodes.Or));
    }

    /// <summary><c>new object[] { a, b, ... }</c>, filled in place.</summary>
    internal void EmitObjectArray(IReadOnlyList<CatalogExpression> elements)
    {
        _il.Add(Instruction.Create(OpCodes.Ldc_I4, elements.Count));
        _il.Add(Instruction.Create(OpCodes.Newarr, _module.TypeSystem.Object));
        for (var i = 0; i < elements.Count; i++)
        {
            _il.Add(Instruction.Create(OpCodes.Dup));
            _il.Add(Instruction.Create(OpCodes.Ldc_I4, i));
            EmitObject(elements[i]);
            _il.Add(Instruction.Create(OpCodes.Stelem_Ref));
        }
    }

    /// <summary>
    /// Emits <c>RouteFunctions.Name(table, site, arguments...)</c>; <paramref name="table"/> is null for a call site that
    /// raises no event of its own.
    /// </summary>
    internal void EmitRoute(FunctionExpression function, FieldReference? table, int site)
    {
        _il.Add(table == null ? Instruction.Create(OpCodes.Ldnull) : Instruction.Create(OpCodes.Ldsfld, table));
        _il.Add(Instruction.Create(OpCodes.Ldc_I4, site));
        foreach (var argument in function.Arguments)
        {
            EmitObject(argument);
        }

        var (arity, returnsValue) = CatalogFunctions.Routes[function.Function];
        _il.Add(Instruction.Create(OpCodes.Call, _runtime.Route(function.Function, arity, returnsValue)));
    }

    /// <summary>Turns the object on the stack into <paramref name="type"/> (a cast, or an unboxing for value types).</summary>
    internal void ConvertFromObject(TypeReference type)
    {
        if (type.IsValueType || type.IsGenericParameter)
        {
            _il.Add(Instruction.Create(OpCodes.Unbox_Any, type));
        }
        else if (type.MetadataType != MetadataType.Object)
        {
            _il.Add(Instruction.Create(OpCodes.Castclass, type));
        }
    }

    /// <summary>Emits the value with its static type and returns that type.</summary>
    private TypeReference EmitTyped(CatalogExpression expression)
    {
        switch (expression)
        {
            case ParameterExpression parameter:
                return EmitSlot(Site.ParameterSlot(parameter.Index));
            case ReceiverExpression:
                return EmitSlot(0);
            case ResultExpression:
                _il.Add(Instruction.Create(OpCodes.Ldloc, Result ?? throw new System.InvalidOperationException("$result outside an after clause")));
                return Result.VariableType;
            case FunctionExpression { Function: CatalogFunctions.ArrayFunction } array:
                // array(a, b) is new object[] { a, b }, built in place.
                EmitObjectArray(array.Arguments);
                return new ArrayType(_module.TypeSystem.Object);
            case LiteralExpression literal:
                return EmitLiteral(literal.Value);
            case PropertyExpression property:
                return EmitProperties(property);
            case FunctionExpression function:
                foreach (var argument in function.Arguments)
                {
                    EmitObject(argument);
                }

                _il.Add(Instruction.Create(OpCodes.Call, _runtime.Function(function.Function, function.Arguments.Count)));
                return _module.TypeSystem.Object;
            default:
                throw new System.InvalidOperationException("Unknown catalog expression " + expression.GetType().Name);
        }
    }

    private TypeReference EmitSlot(int slot)
    {
        var local = _temps[slot];
        var type = local.VariableType;
        if (IsByRefLike(type))
        {
            // Spans cannot be boxed: ReadOnlySpan<char> gives its text, other spans their type and length.
            _il.Add(Instruction.Create(OpCodes.Ldloca, local));
            var toString = new MethodReference("ToString", _module.TypeSystem.String, type) { HasThis = true };
            _il.Add(Instruction.Create(OpCodes.Call, toString));
            return _module.TypeSystem.String;
        }

        _il.Add(Instruction.Create(OpCodes.Ldloc, local));
        switch (type)
        {
            case ByReferenceType byReference:
                _il.Add(Instruction.Create(OpCodes.Ldobj, byReference.ElementType));
                return byReference.ElementType;
            case PointerType:
            case FunctionPointerType:
                // A raw pointer says nothing a hook could use; keep the address as a native integer.
                _il.Add(Instruction.Create(OpCodes.Conv_U));
                return _module.TypeSystem.UIntPtr;
            default:
                return type;
        }
    }

    private TypeReference EmitLiteral(object? value)
    {
        switch (value)
        {
            case null:
                _il.Add(Instruction.Create(OpCodes.Ldnull));
                return _module.TypeSystem.Object;
            case string text:
                _il.Add(Instruction.Create(OpCodes.Ldstr, text));
                return _module.TypeSystem.String;
            case bool flag:
                _il.Add(Instruction.Create(flag ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0));
                return _module.TypeSystem.Boolean;
            case int number:
                _il.Add(Instruction.Create(OpCodes.Ldc_I4, number));
                return _module.TypeSystem.Int32;
            default:
                throw new System.InvalidOperationException("Unknown literal type " + value.GetType().Name);
        }
    }

    // target.A.B: each step reads a property unless the value so far is null, in which case the whole chain is null.
    private TypeReference EmitProperties(PropertyExpression expression)
    {
        var chain = new List<string>();
        CatalogExpression target = expression;
        while (target is PropertyExpression step)
        {
            chain.Insert(0, step.Property);
            target = step.Target;
        }

        var type = EmitTyped(target);
        var isNull = Instruction.Create(OpCodes.Pop);
        var done = Instruction.Create(OpCodes.Nop);
        foreach (var property in chain)
        {
            if (type.IsValueType || type.IsGenericParameter)
            {
                throw new AuditWeavingException("The catalog reads property '" + property + "' of " + type.FullName + ", which is not a class; use an argument function instead (call to " + Site.Callee.FullName + ").", _location);
            }

            var getter = FindGetter(type, property);
            _il.Add(Instruction.Create(OpCodes.Dup));
            _il.Add(Instruction.Create(OpCodes.Brfalse, isNull));
            _il.Add(Instruction.Create(OpCodes.Callvirt, getter));
            type = getter.ReturnType;
        }

        Box(type);
        _il.Add(Instruction.Create(OpCodes.Br, done));
        _il.Add(isNull);
        _il.Add(Instruction.Create(OpCodes.Ldnull));
        _il.Add(done);
        return _module.TypeSystem.Object;
    }

    private MethodReference FindGetter(TypeReference type, string property)
    {
        for (var definition = type.Resolve(); definition != null; definition = definition.BaseType?.Resolve())
        {
            foreach (var candidate in definition.Properties)
            {
                if (candidate.Name == property && candidate.GetMethod is { IsStatic: false, IsPublic: true } getter)
                {
                    return _module.ImportReference(getter);
                }
            }
        }

        throw new AuditWeavingException("The catalog reads property '" + property + "' of " + type.FullName + ", which has no public instance getter of that name (call to " + Site.Callee.FullName + "). Is a reference assembly missing?", _location);
    }

    private void Box(TypeReference type)
    {
        if (type.IsValueType || type.IsGenericParameter)
        {
            _il.Add(Instruction.Create(OpCodes.Box, type));
        }
    }

    private static bool IsByRefLike(TypeReference type)
    {
        if (type is ByReferenceType or PointerType)
        {
            return false;
        }

        var element = type.GetElementType();
        if (element.Namespace == "System" && element.Name is "Span`1" or "ReadOnlySpan`1")
        {
            return true;
        }

        if (!type.IsValueType)
        {
            return false;
        }

        var definition = Definitions.TryResolve(element);
        if (definition == null)
        {
            return false;
        }

        foreach (var attribute in definition.CustomAttributes)
        {
            if (attribute.AttributeType.FullName == "System.Runtime.CompilerServices.IsByRefLikeAttribute")
            {
                return true;
            }
        }

        return false;
    }
}
