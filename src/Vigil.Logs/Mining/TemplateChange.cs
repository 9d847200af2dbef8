namespace Vigil.Logs.Mining;

/// <summary>What processing one message did to the template it landed in.</summary>
public enum TemplateChange
{
    /// <summary>The message matched an existing template, which is unchanged.</summary>
    None = 0,

    /// <summary>The message started a new template.</summary>
    Created,

    /// <summary>The message matched an existing template after some of its tokens became variables.</summary>
    Generalized,
}
