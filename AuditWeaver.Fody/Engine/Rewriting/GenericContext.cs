using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Turns a parameter type of a called member (written in terms of <c>!0</c> and <c>!!0</c>) into the type the call site
/// actually passes, using the generic arguments of the referenced type and method.
/// </summary>
internal static class GenericContext
{
    public static TypeReference Resolve(TypeReference type, MethodReference callee)
    {
        switch (type)
        {
            case GenericParameter parameter when parameter.Type == GenericParameterType.Type
                && callee.DeclaringType is GenericInstanceType declaringInstance
                && parameter.Position < declaringInstance.GenericArguments.Count:
                return declaringInstance.GenericArguments[parameter.Position];
            case GenericParameter parameter when parameter.Type == GenericParameterType.Method
                && callee is GenericInstanceMethod methodInstance
                && parameter.Position < methodInstance.GenericArguments.Count:
                return methodInstance.GenericArguments[parameter.Position];
            case ByReferenceType byReference:
                return new ByReferenceType(Resolve(byReference.ElementType, callee));
            case PointerType pointer:
                return new PointerType(Resolve(pointer.ElementType, callee));
            case ArrayType array:
                var resolvedArray = new ArrayType(Resolve(array.ElementType, callee), array.Rank);
                return array.IsVector ? resolvedArray : CopyDimensions(array, resolvedArray);
            case RequiredModifierType required:
                return new RequiredModifierType(required.ModifierType, Resolve(required.ElementType, callee));
            case OptionalModifierType optional:
                return new OptionalModifierType(optional.ModifierType, Resolve(optional.ElementType, callee));
            case GenericInstanceType instance:
                var resolved = new GenericInstanceType(instance.ElementType);
                foreach (var argument in instance.GenericArguments)
                {
                    resolved.GenericArguments.Add(Resolve(argument, callee));
                }

                return resolved;
            default:
                return type;
        }
    }

    /// <summary>The type without custom modifiers (<c>modreq(InAttribute)</c> on <c>in</c> parameters), as a local needs it.</summary>
    public static TypeReference StripModifiers(TypeReference type) => type switch
    {
        RequiredModifierType required => StripModifiers(required.ElementType),
        OptionalModifierType optional => StripModifiers(optional.ElementType),
        ByReferenceType byReference => new ByReferenceType(StripModifiers(byReference.ElementType)),
        _ => type,
    };

    private static ArrayType CopyDimensions(ArrayType source, ArrayType target)
    {
        target.Dimensions.Clear();
        foreach (var dimension in source.Dimensions)
        {
            target.Dimensions.Add(dimension);
        }

        return target;
    }
}
