namespace Reference.Learning.Models;

public enum ModelFormatError
{
    /// <summary>The bytes are not a model artifact at all.</summary>
    NotAnArtifact,
    /// <summary>A model artifact of a format version this build cannot read.</summary>
    UnsupportedVersion,
    /// <summary>The artifact ends before its declared content does.</summary>
    Truncated,
    /// <summary>The bytes were altered: checksum mismatch, trailing bytes, unreadable header.</summary>
    Corrupt,
    /// <summary>Intact bytes whose content breaks the format's rules (e.g. written by a faulty tool).</summary>
    Invalid,
}
