package io.cairn.state.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.config.Configuration;
import io.cairn.config.IllegalConfigurationException;
import io.cairn.config.ReadableConfig;
import io.cairn.config.StateBackendOptions;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keyed.KeyedStateBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateBackendLoaderTest {

    static final ClassLoader CL = StateBackendLoaderTest.class.getClassLoader();

    static Configuration with(String value) {
        Configuration c = new Configuration();
        c.setString(StateBackendOptions.STATE_BACKEND.key(), value);
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "HashMap", " hashmap ", "filesystem", "FILESYSTEM"})
    void heapNamesAndTheLegacyAliasLoadTheHashMapBackend(String name) {
        assertThat(StateBackendLoader.loadStateBackendFromConfig(with(name), CL, null)).isInstanceOf(HashMapStateBackend.class);
    }

    @Test
    void unsetUsesTheGivenDefaultOrHashmap() {
        assertThat(StateBackendLoader.loadStateBackendFromConfig(new Configuration(), CL, null))
                .isInstanceOf(HashMapStateBackend.class);
        assertThat(StateBackendLoader.loadStateBackendFromConfig(new Configuration(), CL, "filesystem"))
                .isInstanceOf(HashMapStateBackend.class);
    }

    @Test
    void rocksdbWithoutItsModuleSaysWhichModuleToAdd() {
        assertThatThrownBy(() -> StateBackendLoader.loadStateBackendFromConfig(with("rocksdb"), CL, null))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.backend.type")
                .hasMessageContaining("cairn-rocksdb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rokcsdb", "hashmpa", "heap", "memory", "file-system", "jobmanager"})
    void typosAreRejectedNamingKeyValueAndChoices(String typo) {
        assertThatThrownBy(() -> StateBackendLoader.loadStateBackendFromConfig(with(typo), CL, null))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.backend.type: '" + typo + "' is not one of [hashmap, rocksdb, filesystem]");
    }

    /** A factory named by class. */
    public static final class CustomFactory implements StateBackendFactory {
        @Override
        public String getName() {
            return "custom";
        }

        @Override
        public StateBackend createFromConfig(ReadableConfig config, ClassLoader classLoader) {
            return new Custom();
        }
    }

    static final class Custom implements StateBackend {
        @Override
        public String getName() {
            return "custom";
        }

        @Override
        public <K> KeyedStateBackend<K> createKeyedStateBackend(KeyedStateBackendParameters<K> parameters) {
            return new HashMapStateBackend().createKeyedStateBackend(parameters);
        }

        @Override
        public boolean supportsAsynchronousSnapshots() {
            return true;
        }
    }

    @Test
    void aFactoryClassNameLoadsThatFactory() {
        assertThat(StateBackendLoader.loadStateBackendFromConfig(with(CustomFactory.class.getName()), CL, null))
                .isInstanceOf(Custom.class);
    }

    @Test
    void aClassThatIsNoFactoryIsRejected() {
        assertThatThrownBy(() -> StateBackendLoader.loadStateBackendFromConfig(with(String.class.getName()), CL, null))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("StateBackendFactory");
        assertThatThrownBy(() -> StateBackendLoader.loadStateBackendFromConfig(with("com.example.Missing"), CL, null))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("com.example.Missing");
    }

    @Test
    void applicationBackendWinsAndIsConfigured() {
        Configuration config = with("rokcsdb");
        config.setString("state.savepoints.dir", "/tmp/sp");
        StateBackend chosen = StateBackendLoader.fromApplicationOrConfigOrDefault(new HashMapStateBackend(), config, CL, null);
        assertThat(chosen).isInstanceOf(HashMapStateBackend.class);
        assertThat(((HashMapStateBackend) chosen).getDefaultSavepointDirectory()).isEqualTo("/tmp/sp");
        Custom custom = new Custom();
        assertThat(StateBackendLoader.fromApplicationOrConfigOrDefault(custom, config, CL, null)).isSameAs(custom);
        assertThat(StateBackendLoader.fromApplicationOrConfigOrDefault(null, with("hashmap"), CL, null))
                .isInstanceOf(HashMapStateBackend.class);
    }

    @Test
    void serviceLoaderListsHashmap() {
        assertThat(StateBackendLoader.availableStateBackends(CL)).contains("hashmap");
    }
}
