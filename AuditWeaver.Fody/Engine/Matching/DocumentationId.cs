using System.Linq;
using System.Text;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Documentation-comment IDs (<c>M:System.IO.File.ReadAllText(System.String)</c>) for members as the IL references
/// them: the declaring type is the one named in the reference, and generic instantiations are reduced to their
/// definitions, so one catalog entry matches every instantiation.
/// </summary>
internal static class DocumentationId
{
    public static string ForMethod(MethodReference method)
    {
        var definition = method is GenericInstanceMethod instance ? instance.ElementMethod : method;
        var text = new StringBuilder("M:");
        AppendTypeName(text, definition.DeclaringType.GetElementType());
        text.Append('.').Append(definition.Name.Replace('.', '#'));
        if (definition.HasGenericParameters)
        {
            text.Append("``").Append(definition.GenericParameters.Count);
        }

        if (definition.HasParameters)
        {
            text.Append('(');
            for (var i = 0; i < definition.Parameters.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                AppendTypeReference(text, definition.Parameters[i].ParameterType);
            }

            text.Append(')');
        }

        if (definition.Name is "op_Implicit" or "op_Explicit")
        {
            text.Append('~');
            AppendTypeReference(text, definition.ReturnType);
        }

        return text.ToString();
    }

    public static string ForType(TypeReference type)
    {
        var text = new StringBuilder("T:");
        AppendTypeName(text, type.GetElementType());
        return text.ToString();
    }

    /// <summary>The type's name with its arity (<c>System.Collections.Generic.List`1</c>), as a type's own ID spells it.</summary>
    private static void AppendTypeName(StringBuilder text, TypeReference type)
    {
        if (type.DeclaringType != null)
        {
            AppendTypeName(text, type.DeclaringType);
            text.Append('.');
        }
        else if (type.Namespace.Length > 0)
        {
            text.Append(type.Namespace).Append('.');
        }

        text.Append(type.Name);
    }

    /// <summary>A type as it appears in a parameter list: generic arguments in braces, generic parameters by position.</summary>
    private static void AppendTypeReference(StringBuilder text, TypeReference type)
    {
        switch (type)
        {
            case GenericParameter parameter:
                text.Append(parameter.Type == GenericParameterType.Method ? "``" : "`").Append(parameter.Position);
                return;
            case ByReferenceType byReference:
                AppendTypeReference(text, byReference.ElementType);
                text.Append('@');
                return;
            case PointerType pointer:
                AppendTypeReference(text, pointer.ElementType);
                text.Append('*');
                return;
            case ArrayType array:
                AppendTypeReference(text, array.ElementType);
                AppendArrayRank(text, array);
                return;
            case RequiredModifierType required:
                AppendTypeReference(text, required.ElementType);
                return;
            case OptionalModifierType optional:
                AppendTypeReference(text, optional.ElementType);
                return;
            case PinnedType pinned:
                AppendTypeReference(text, pinned.ElementType);
                return;
            case GenericInstanceType generic:
                AppendGenericInstance(text, generic);
                return;
            case FunctionPointerType:
                text.Append("=FUNC");
                return;
            default:
                AppendTypeName(text, type);
                return;
        }
    }

    private static void AppendGenericInstance(StringBuilder text, GenericInstanceType generic)
    {
        // The arguments of an enclosing generic type belong to it: Outer{A}.Inner{B}.
        var element = generic.ElementType;
        var arguments = generic.GenericArguments.ToList();
        AppendInstantiatedName(text, element, arguments, arguments.Count);
    }

    private static int AppendInstantiatedName(StringBuilder text, TypeReference type, System.Collections.Generic.List<TypeReference> arguments, int end)
    {
        var own = OwnArity(type);
        var start = end - own;
        if (type.DeclaringType != null)
        {
            AppendInstantiatedName(text, type.DeclaringType, arguments, start);
            text.Append('.');
        }
        else if (type.Namespace.Length > 0)
        {
            text.Append(type.Namespace).Append('.');
        }

        text.Append(StripArity(type.Name));
        if (own > 0)
        {
            text.Append('{');
            for (var i = start; i < end; i++)
            {
                if (i > start)
                {
                    text.Append(',');
                }

                AppendTypeReference(text, arguments[i]);
            }

            text.Append('}');
        }

        return start;
    }

    private static void AppendArrayRank(StringBuilder text, ArrayType array)
    {
        if (array.IsVector)
        {
            text.Append("[]");
            return;
        }

        text.Append('[');
        for (var i = 0; i < array.Rank; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append("0:");
        }

        text.Append(']');
    }

    private static int OwnArity(TypeReference type)
    {
        var tick = type.Name.LastIndexOf('`');
        return tick >= 0 && int.TryParse(type.Name.Substring(tick + 1), out var arity) ? arity : 0;
    }

    private static string StripArity(string name)
    {
        var tick = name.LastIndexOf('`');
        return tick >= 0 ? name.Substring(0, tick) : name;
    }
}
