using System;
using System.Reflection;
using System.Text;

namespace AuditWeaver.Routes;

/// <summary>
/// Documentation-comment IDs of members seen through reflection, in the same form the weaver computes from IL (a test
/// compares the two for every cataloged member), so that a reflected File.Open finds File.Open's catalog entry.
/// </summary>
internal static class RuntimeDocumentationId
{
    internal static string For(MethodBase method)
    {
        if (method.IsGenericMethod && method is MethodInfo info && !info.IsGenericMethodDefinition)
        {
            method = info.GetGenericMethodDefinition();
        }

        var declaring = method.DeclaringType!;
        if (declaring.IsGenericType && !declaring.IsGenericTypeDefinition)
        {
            // The open member carries !0 and !!0 in its signature, as the IL reference does.
            method = MethodBase.GetMethodFromHandle(method.MethodHandle, declaring.GetGenericTypeDefinition().TypeHandle)!;
            declaring = declaring.GetGenericTypeDefinition();
        }

        var text = new StringBuilder("M:");
        AppendTypeName(text, declaring);
        text.Append('.').Append(method.Name.Replace('.', '#'));
        if (method.IsGenericMethodDefinition)
        {
            text.Append("``").Append(method.GetGenericArguments().Length);
        }

        var parameters = method.GetParameters();
        if (parameters.Length > 0)
        {
            text.Append('(');
            for (var i = 0; i < parameters.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                AppendParameterType(text, parameters[i].ParameterType);
            }

            text.Append(')');
        }

        if (method.Name is "op_Implicit" or "op_Explicit" && method is MethodInfo conversion)
        {
            text.Append('~');
            AppendParameterType(text, conversion.ReturnType);
        }

        return text.ToString();
    }

    private static void AppendTypeName(StringBuilder text, Type type)
    {
        if (type.IsNested)
        {
            AppendTypeName(text, type.DeclaringType!);
            text.Append('.');
        }
        else if (!string.IsNullOrEmpty(type.Namespace))
        {
            text.Append(type.Namespace).Append('.');
        }

        text.Append(type.Name);
    }

    private static void AppendParameterType(StringBuilder text, Type type)
    {
        if (type.IsGenericParameter)
        {
            text.Append(type.DeclaringMethod != null ? "``" : "`").Append(type.GenericParameterPosition);
        }
        else if (type.IsByRef)
        {
            AppendParameterType(text, type.GetElementType()!);
            text.Append('@');
        }
        else if (type.IsPointer)
        {
            AppendParameterType(text, type.GetElementType()!);
            text.Append('*');
        }
        else if (type.IsArray)
        {
            AppendParameterType(text, type.GetElementType()!);
            var rank = type.GetArrayRank();
            if (rank == 1 && type.Name.EndsWith("[]", StringComparison.Ordinal))
            {
                text.Append("[]");
            }
            else
            {
                text.Append('[');
                for (var i = 0; i < rank; i++)
                {
                    text.Append(i == 0 ? "0:" : ",0:");
                }

                text.Append(']');
            }
        }
        else if (type.IsGenericType)
        {
            AppendGenericName(text, type, type.GetGenericArguments(), type.GetGenericArguments().Length);
        }
        else
        {
            AppendTypeName(text, type);
        }
    }

    // Outer{A}.Inner{B}: each level takes the arguments its own arity accounts for.
    private static int AppendGenericName(StringBuilder text, Type type, Type[] arguments, int end)
    {
        var tick = type.Name.LastIndexOf('`');
        var own = tick >= 0 ? int.Parse(type.Name.Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture) : 0;
        var start = end - own;
        if (type.IsNested)
        {
            AppendGenericName(text, type.DeclaringType!, arguments, start);
            text.Append('.');
        }
        else if (!string.IsNullOrEmpty(type.Namespace))
        {
            text.Append(type.Namespace).Append('.');
        }

        text.Append(tick >= 0 ? type.Name.Substring(0, tick) : type.Name);
        if (own > 0)
        {
            text.Append('{');
            for (var i = start; i < end; i++)
            {
                if (i > start)
                {
                    text.Append(',');
                }

                AppendParameterType(text, arguments[i]);
            }

            text.Append('}');
        }

        return start;
    }
}
