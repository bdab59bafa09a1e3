namespace AuditWeaver.Fody.Validation;

/// <summary>
/// MethodSemantics rows, as Cecil reads them: the role is one it knows, an event's roles go with an event and a
/// property's with a property, and the accessor and its event or property belong to the same type (Cecil looks the
/// event or property up among the accessor's type's own, and fails when it is not there).
/// </summary>
internal static class SemanticsCheck
{
    internal static void Run(MetadataLayout layout)
    {
        for (var row = 1; row <= layout.Rows[0x18]; row++)
        {
            var semantics = TableCheck.Cell(layout, 0x18, row, 0);
            var method = TableCheck.Cell(layout, 0x18, row, 1);
            var association = TableCheck.Cell(layout, 0x18, row, 2);
            var isEvent = (association & 1) == 0;
            var sound = semantics switch
            {
                0x08 or 0x10 or 0x20 => isEvent,
                0x01 or 0x02 => !isEvent,
                0x04 => true,
                _ => false,
            };
            if (!sound)
            {
                throw new ImageDamage("the metadata table stream is damaged (MethodSemantics row " + row + " gives a" + (isEvent ? "n event" : " property") + " the role 0x" + semantics.ToString("X") + ")");
            }

            var owner = TableCheck.ListOwner(layout, 0x02, 5, method);
            var associationOwner = isEvent ? TableCheck.ListOwner(layout, 0x12, 1, association >> 1) : TableCheck.ListOwner(layout, 0x15, 1, association >> 1);
            var mapped = associationOwner == 0 ? 0 : TableCheck.Cell(layout, isEvent ? 0x12 : 0x15, (int)associationOwner, 0);
            if (!(owner != 0 && mapped == owner))
            {
                throw new ImageDamage("the metadata table stream is damaged (MethodSemantics row " + row + " makes a method of one type an accessor of another type's " + (isEvent ? "event" : "property") + ")");
            }
        }
    }
}
