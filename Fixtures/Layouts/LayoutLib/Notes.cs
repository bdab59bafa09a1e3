namespace LayoutLib
{
    public static class Notes
    {
        public static string Save(string path, string text)
        {
            System.IO.File.WriteAllText(path, text);
            return path;
        }
    }
}
