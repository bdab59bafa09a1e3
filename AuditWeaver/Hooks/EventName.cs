using System;

namespace AuditWeaver.Hooks;

/// <summary>Rules for event names: non-empty, no white space (the category is <c>CatalogCategories.CategoryOf</c>).</summary>
internal static class EventName
{
    internal static void Validate(string? name, string parameterName)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("An audit event needs a name, such as 'myapp.login'.", parameterName);
        }

        foreach (var c in name!)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ArgumentException(
                    "Audit event name '" + name + "' contains white space or a control character.", parameterName);
            }
        }
    }
}
