using System;

namespace AuditWeaver.Fody.Validation;

/// <summary>
/// Thrown inside the validator when it finds damage, and turned into <see cref="ImageValidator"/>'s answer: never leaves
/// the validator. The message says what is damaged in words, without the file's name (the front adds it).
/// </summary>
internal sealed class ImageDamage : Exception
{
    internal ImageDamage(string message)
        : base(message)
    {
    }
}
