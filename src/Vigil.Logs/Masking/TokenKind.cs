namespace Vigil.Logs.Masking;

/// <summary>What a masked token is to template mining.</summary>
internal enum TokenKind : byte
{
    /// <summary>A word of the message; never generalized, so messages that differ in a word are different kinds.</summary>
    Word,

    /// <summary>A name (dotted, with colons or a few digits); generalized only when the rest of the message agrees closely.</summary>
    Identifier,

    /// <summary>A token holding a variable or value punctuation; generalized freely.</summary>
    Variable,

    /// <summary>A template position that is a variable: one token.</summary>
    Wildcard,

    /// <summary>A template stretch between two words that varies in length: any number of tokens.</summary>
    Gap,

    /// <summary>A template position where words vary (user names): it lines up with any word.</summary>
    WordSlot,
}
