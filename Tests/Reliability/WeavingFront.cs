namespace Tests.Reliability;

/// <summary>The two ways an assembly gets woven: inside a build through Fody, or afterwards by the auditweaver tool.</summary>
public enum WeavingFront
{
    Fody,
    Tool,
}
