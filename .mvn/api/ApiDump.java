import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one module as text, compared with the dump checked in beside its pom.
 *
 * <p>Run by the {@code api-check} execution in {@code verify} (the parent pom) as a
 * single-file source program, with the module's compile classpath:
 * {@code java -cp CLASSPATH ApiDump.java CLASSES_DIR DUMP_FILE UPDATE MODULE}. Every package
 * under CLASSES_DIR counts except those with an {@code internal} segment. A type counts when it
 * is public (or a protected member type of one that counts); of it, every public or protected
 * constructor, method and field. Each line is a signature with generics, types sorted by binary
 * name and members sorted within a type, so the file changes exactly where the API does.
 *
 * <p>With UPDATE {@code true} the dump is rewritten; otherwise a difference fails the build
 * with the lines that differ and the command that updates the dump.
 */
public final class ApiDump {
    private static final String UPDATE_COMMAND = "    mvn -B -ntp verify -DskipTests -Dapi.update=true";

    private ApiDump() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ApiDump CLASSES_DIR DUMP_FILE UPDATE MODULE");
            System.exit(2);
        }
        Path classes = Path.of(args[0]);
        Path dumpFile = Path.of(args[1]);
        boolean update = args[2].isEmpty() || Boolean.parseBoolean(args[2]);
        String module = args[3];

        Map<String, TypeApi> api = dump(classes);
        String text = render(api);
        String old = Files.exists(dumpFile) ? Files.readString(dumpFile, StandardCharsets.UTF_8) : null;
        if (text.equals(old)) {
            System.out.println("[INFO] [api-check] " + module + ": public API matches " + dumpFile + " (" + api.size()
                    + " types)");
            return;
        }
        if (update) {
            Files.createDirectories(dumpFile.getParent());
            Files.writeString(dumpFile, text, StandardCharsets.UTF_8);
            System.out.println("[INFO] [api-check] " + module + ": wrote " + dumpFile + " (" + api.size()
                    + " types); commit it with the change");
            return;
        }
        if (old == null) {
            error("[api-check] " + module + " has no API dump yet at " + dumpFile + ". Write it with:\n"
                    + UPDATE_COMMAND);
        } else {
            error(failure(module, dumpFile, parse(old), api));
        }
        System.exit(1);
    }

    /** A type's header line and its member lines. */
    record TypeApi(String header, List<String> members) {}

    /** Prints each line as Maven prints an error, so that the reason stands out in the build log. */
    private static void error(String text) {
        for (String line : text.split("\n")) {
            System.out.println("[ERROR] " + line);
        }
    }

    /** Every type that counts, by binary name. */
    static Map<String, TypeApi> dump(Path classes) throws IOException, ClassNotFoundException {
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString())
                    .map(s -> s.substring(0, s.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> !n.endsWith("module-info") && !n.endsWith("package-info"))
                    .filter(n -> !Arrays.asList(n.split("\\.")).contains("internal"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        ClassLoader loader = ApiDump.class.getClassLoader();
        Map<String, TypeApi> api = new TreeMap<>();
        for (String name : names) {
            Class<?> c = Class.forName(name, false, loader);
            if (!counts(c)) {
                continue;
            }
            Map<String, String> members = new TreeMap<>();
            for (Field f : c.getDeclaredFields()) {
                if (visible(f) && !f.isSynthetic()) {
                    add(members, f.getName(), deprecated(f.isAnnotationPresent(Deprecated.class))
                            + modifiers(f.getModifiers() & Modifier.fieldModifiers() & ~Modifier.TRANSIENT
                                    & ~Modifier.VOLATILE)
                            + f.getGenericType().getTypeName() + " " + f.getName());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k) && !k.isSynthetic()) {
                    add(members, "<init>", executable(k, "<init>", null));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
                    add(members, m.getName(), executable(m, m.getName(), m));
                }
            }
            api.put(c.getName(), new TypeApi(header(c), new ArrayList<>(members.values())));
        }
        return api;
    }

    /** Sorted by name, then by the whole line: overloads stay together. */
    private static void add(Map<String, String> members, String name, String line) {
        members.put(name + '\0' + line, line);
    }

    private static boolean counts(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        int m = c.getModifiers();
        if (c.getEnclosingClass() == null) {
            return Modifier.isPublic(m);
        }
        return (Modifier.isPublic(m) || Modifier.isProtected(m)) && counts(c.getEnclosingClass());
    }

    private static boolean visible(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    private static String header(Class<?> c) {
        int mods = c.getModifiers() & Modifier.classModifiers();
        String kind;
        if (c.isAnnotation()) {
            kind = "@interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
        } else if (c.isInterface()) {
            kind = "interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
        } else if (c.isEnum()) {
            kind = "enum";
        } else if (c.isRecord()) {
            kind = "record";
        } else {
            kind = "class";
        }
        StringBuilder s = new StringBuilder(deprecated(c.isAnnotationPresent(Deprecated.class)));
        s.append(modifiers(mods));
        if (c.isSealed()) {
            s.append("sealed ");
        }
        s.append(kind).append(' ').append(c.getName()).append(typeParameters(c.getTypeParameters()));
        Type superclass = c.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !c.isEnum() && !c.isRecord()) {
            s.append(" extends ").append(superclass.getTypeName());
        }
        List<String> interfaces = Arrays.stream(c.getGenericInterfaces()).map(Type::getTypeName)
                .filter(i -> !c.isAnnotation() || !i.equals("java.lang.annotation.Annotation")).sorted().toList();
        if (!interfaces.isEmpty()) {
            s.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        if (c.isSealed()) {
            s.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(Class::getName).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    private static String executable(Executable e, String name, Method method) {
        int mods = e.getModifiers() & (method == null ? Modifier.constructorModifiers() : Modifier.methodModifiers());
        mods &= ~(Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.STRICT);
        StringBuilder s = new StringBuilder(deprecated(e.isAnnotationPresent(Deprecated.class)));
        s.append(modifiers(mods));
        if (method != null && method.isDefault()) {
            s.append("default ");
        }
        String typeParameters = typeParameters(e.getTypeParameters());
        if (!typeParameters.isEmpty()) {
            s.append(typeParameters).append(' ');
        }
        if (method != null) {
            s.append(method.getGenericReturnType().getTypeName()).append(' ');
        }
        List<String> params = new ArrayList<>();
        for (Type t : e.getGenericParameterTypes()) {
            params.add(t.getTypeName());
        }
        if (e.isVarArgs() && !params.isEmpty()) {
            String last = params.get(params.size() - 1);
            params.set(params.size() - 1, last.substring(0, last.length() - 2) + "...");
        }
        s.append(name).append('(').append(String.join(", ", params)).append(')');
        Type[] exceptions = e.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            s.append(" throws ").append(Arrays.stream(exceptions).map(Type::getTypeName).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (TypeVariable<?> v : variables) {
            List<String> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class)
                    .map(Type::getTypeName).toList();
            parts.add(bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds));
        }
        return "<" + String.join(", ", parts) + ">";
    }

    private static String modifiers(int mods) {
        String s = Modifier.toString(mods);
        return s.isEmpty() ? "" : s + " ";
    }

    private static String deprecated(boolean deprecated) {
        return deprecated ? "@Deprecated " : "";
    }

    static String render(Map<String, TypeApi> api) {
        StringBuilder s = new StringBuilder();
        for (TypeApi type : api.values()) {
            if (s.length() > 0) {
                s.append('\n');
            }
            s.append(type.header()).append('\n');
            for (String member : type.members()) {
                s.append("  ").append(member).append('\n');
            }
        }
        return s.toString();
    }

    static Map<String, TypeApi> parse(String text) {
        Map<String, TypeApi> api = new TreeMap<>();
        List<String> members = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("  ")) {
                if (members != null) {
                    members.add(line.substring(2));
                }
            } else {
                members = new ArrayList<>();
                api.put(typeName(line), new TypeApi(line, members));
            }
        }
        return api;
    }

    private static String failure(String module, Path dumpFile, Map<String, TypeApi> old, Map<String, TypeApi> now) {
        StringBuilder s = new StringBuilder();
        s.append("[api-check] The public API of ").append(module).append(" does not match ").append(dumpFile)
                .append(":\n");
        Set<String> names = new TreeSet<>(old.keySet());
        names.addAll(now.keySet());
        int removed = 0;
        for (String name : names) {
            TypeApi before = old.get(name);
            TypeApi after = now.get(name);
            List<String> oldMembers = before == null ? List.of() : before.members();
            List<String> nowMembers = after == null ? List.of() : after.members();
            List<String> lines = new ArrayList<>();
            if (before == null || after == null || !before.header().equals(after.header())) {
                if (before != null) {
                    lines.add("  - " + before.header());
                    removed++;
                }
                if (after != null) {
                    lines.add("  + " + after.header());
                }
            } else {
                lines.add("    " + after.header());
            }
            for (String m : oldMembers) {
                if (!nowMembers.contains(m)) {
                    lines.add("      - " + m);
                    removed++;
                }
            }
            for (String m : nowMembers) {
                if (!oldMembers.contains(m)) {
                    lines.add("      + " + m);
                }
            }
            if (lines.size() > 1 || !lines.get(0).startsWith("    ")) {
                lines.forEach(l -> s.append(l).append('\n'));
            }
        }
        s.append("Lines with - are in the dump but not in the code (removed or changed: code compiled against"
                + " them breaks);\nlines with + are new. If the change is intended, update the dump and commit it"
                + " with the change:\n" + UPDATE_COMMAND + "\n");
        if (removed > 0) {
            s.append("Removing or changing public API needs an issue that says so.\n");
        }
        return s.toString();
    }

    /** The binary name in a header line: the word after the kind, without type parameters. */
    private static String typeName(String header) {
        String[] words = header.split(" ");
        for (int i = 0; i < words.length - 1; i++) {
            if (Set.of("class", "interface", "enum", "record", "@interface").contains(words[i])) {
                String name = words[i + 1];
                int lt = name.indexOf('<');
                return lt < 0 ? name : name.substring(0, lt);
            }
        }
        return header;
    }
}
