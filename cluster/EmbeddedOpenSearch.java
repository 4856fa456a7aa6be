/*
 * One OpenSearch 2.19 node inside this JVM, from the jars Maven put in lib/ (see pom.xml and
 * `make cluster`): the server, the Netty4 transport (HTTP and node-to-node) and the common
 * analysis module (the "english" analyzer). One JVM per node; JVMs with the same cluster.name
 * and seed hosts form a cluster.
 *
 *   java -cp "classes:lib/*" EmbeddedOpenSearch path.home=DIR node.name=n1 \
 *        http.port=9200 transport.port=9300 discovery.seed_hosts=127.0.0.1:9300 \
 *        cluster.initial_cluster_manager_nodes=n1
 *
 * Every key=value argument is a node setting (a comma makes a list). SIGTERM closes the node
 * in a shutdown hook. Once the node answers, one line "GAZETTE_NODE_STARTED ..." is printed.
 *
 * org.opensearch.bootstrap.Bootstrap is never called, so there is no security manager, no
 * JarHell scan, no bootstrap checks (vm.max_map_count...) and no native calls: this is a
 * test node on 127.0.0.1, not a production one. Plugins are classpath plugins, as the test
 * framework's MockNode passes them.
 */
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

public class EmbeddedOpenSearch {

    static final class EmbeddedNode extends Node {
        @SuppressWarnings({"unchecked", "rawtypes"})
        EmbeddedNode(Environment env, Collection plugins) {
            super(env, plugins, true);
        }

        // As MockNode: skip the listener that sets a process-wide SetOnce for log patterns.
        @Override
        protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {}
    }

    /** The protected Node constructor takes Collection<Class<? extends Plugin>> in older 2.x
     *  releases and Collection<PluginInfo> in newer ones: build what this jar wants. */
    static Collection<?> classpathPlugins(List<Class<? extends Plugin>> classes) throws Exception {
        Constructor<?> c = Node.class.getDeclaredConstructor(Environment.class, Collection.class, boolean.class);
        Type t = c.getGenericParameterTypes()[1];
        String elem = (t instanceof ParameterizedType)
            ? ((ParameterizedType) t).getActualTypeArguments()[0].getTypeName() : "";
        if (!elem.endsWith("PluginInfo")) {
            return classes;
        }
        Class<?> pluginInfo = Class.forName("org.opensearch.plugins.PluginInfo");
        Object current = Class.forName("org.opensearch.Version").getField("CURRENT").get(null);
        List<Object> out = new ArrayList<>();
        for (Class<?> k : classes) {
            out.add(newPluginInfo(pluginInfo, current, k.getName()));
        }
        return out;
    }

    static Object newPluginInfo(Class<?> pi, Object version, String name) throws Exception {
        for (Constructor<?> k : pi.getConstructors()) {
            Class<?>[] p = k.getParameterTypes();
            boolean v3 = p.length > 3 && p[3].getName().equals("org.opensearch.Version");
            if (p.length == 9 && v3 && p[6] == String.class && List.class.isAssignableFrom(p[7]) && p[8] == boolean.class) {
                return k.newInstance(name, "classpath plugin", "NA", version, "1.8", name, null, Collections.emptyList(), false);
            }
            if (p.length == 8 && v3 && List.class.isAssignableFrom(p[6]) && p[7] == boolean.class) {
                return k.newInstance(name, "classpath plugin", "NA", version, "1.8", name, Collections.emptyList(), false);
            }
        }
        throw new IllegalStateException("no known PluginInfo constructor in " + Arrays.toString(pi.getConstructors()));
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder b = Settings.builder()
            .put("cluster.name", "gazette-test")
            .put("network.host", "127.0.0.1")
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("node.store.allow_mmap", false)   // niofs: vm.max_map_count does not matter
            .put("cluster.routing.allocation.disk.threshold_enabled", false);  // nearly full CI disks
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("expected key=value, got " + a);
            String k = a.substring(0, eq), v = a.substring(eq + 1);
            if (v.contains(",")) b.putList(k, v.split(",")); else b.put(k, v);
        }
        Settings settings = b.build();
        String nodeName = settings.get("node.name", "node");
        if (settings.get("path.home") == null) throw new IllegalArgumentException("path.home=... is required");
        Files.createDirectories(Paths.get(settings.get("path.home")));

        long t0 = System.nanoTime();
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), null, () -> nodeName);
        List<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);
        Node node = new EmbeddedNode(env, classpathPlugins(plugins));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Throwable e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "gazette-node-shutdown"));

        node.start();
        System.out.printf("GAZETTE_NODE_STARTED node=%s pid=%d http=%s start_s=%.1f%n",
            nodeName, ProcessHandle.current().pid(), settings.get("http.port", "9200"), (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        stopped.await();
    }
}
