package io.cairn.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds the options declared by options classes: their public static final {@link ConfigOption} fields. */
public final class ConfigOptionsRegistry {

    private static final List<Class<?>> CORE_OPTION_CLASSES =
            List.of(StateBackendOptions.class, CheckpointingOptions.class);

    private ConfigOptionsRegistry() {}

    /** Returns the options classes of cairn-core. */
    public static List<Class<?>> coreOptionClasses() {
        return CORE_OPTION_CLASSES;
    }

    /** Returns every option of cairn-core, sorted by key. */
    public static List<ConfigOption<?>> all() {
        return optionsOf(CORE_OPTION_CLASSES);
    }

    /**
     * Returns the options of the given classes, sorted by key.
     *
     * @throws IllegalArgumentException if two options share a key, or a main key is another option's alternative key
     */
    public static List<ConfigOption<?>> optionsOf(List<Class<?>> optionClasses) {
        List<ConfigOption<?>> options = new ArrayList<>();
        Map<String, String> ownerByKey = new HashMap<>();
        for (Class<?> optionClass : optionClasses) {
            for (ConfigOption<?> option : declaredOptions(optionClass)) {
                for (String key : option.lookupKeys()) {
                    String owner = ownerByKey.putIfAbsent(key, option.key());
                    if (owner != null) {
                        throw new IllegalArgumentException("key '" + key + "' of option '" + option.key()
                                + "' in " + optionClass.getName() + " is already used by option '" + owner + "'");
                    }
                }
                options.add(option);
            }
        }
        options.sort(Comparator.comparing(ConfigOption::key));
        return List.copyOf(options);
    }

    /** Returns the options declared by one class, in no particular order. */
    static List<ConfigOption<?>> declaredOptions(Class<?> optionClass) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : optionClass.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (field.getType() == ConfigOption.class
                    && Modifier.isPublic(modifiers)
                    && Modifier.isStatic(modifiers)
                    && Modifier.isFinal(modifiers)) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalArgumentException(
                            "cannot read option field " + optionClass.getName() + "." + field.getName(), e);
                }
            }
        }
        return options;
    }
}
