"""The layout of the code: the project's own import graph, read from the source (no import runs).

Every import counts, those inside functions too: a circle hidden in a function is still a circle,
only one that breaks at run time instead of at start-up.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("portal", "home", "news", "resolutions")
CACHING = "portal.caching"
# The modules gathered into portal.caching and portal.workload (issue 22): they stay gone.
OLD_PATHS = [
    f"portal/{name}.py"
    for name in (
        "cache",
        "shared_pages",
        "fragments",
        "versions",
        "routing",
        "prepared",
        "backends",
        "redis_cache",
        "front_cache",
        "sessions",
        "demo_content",
        "scale_content",
        "bench_urls",
        "models/versions",
    )
] + ["portal/bench"]


def project_modules():
    """{dotted name: (path, is a package)} of every module of the project but migrations."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            found[".".join(parts)] = (path, is_package)
    return found


def imported_names(name, path, is_package, modules, top_level_only):
    """The dotted names `name` imports (resolved when relative), at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if is_package else name.rpartition(".")[0]
    for node in tree.body if top_level_only else ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield full if full in modules else base


def import_graph(top_level_only=False):
    """{module: modules of the project it makes Python load}: importing a.b.c loads a and a.b
    too, except the packages the importer is itself part of (already loaded)."""
    modules = project_modules()
    graph = {}
    for name, (path, is_package) in modules.items():
        edges = set()
        for target in imported_names(name, path, is_package, modules, top_level_only):
            parts = target.split(".")
            for end in range(1, len(parts) + 1):
                loaded = ".".join(parts[:end])
                if loaded in modules and loaded != name and not name.startswith(loaded + "."):
                    edges.add(loaded)
        graph[name] = edges
    return graph


def circles(graph):
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while not component or component[-1] != module:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_import_circle_at_module_level():
    assert circles(import_graph(top_level_only=True)) == []


def test_no_import_circle_through_the_caching_package_or_the_models():
    """Function-local imports included: the speed machinery and the models are below
    everything else, so no circle may pass through them."""
    touching = [
        circle
        for circle in circles(import_graph())
        if any(m == CACHING or m.startswith((CACHING + ".", "portal.models")) for m in circle)
    ]
    assert touching == []


def test_caching_depends_on_nothing_of_the_site_above_it():
    """No template tag, view or app: they use the caches, the caches never use them."""
    above = ("portal.templatetags", "portal.views", "home", "news", "resolutions")
    wrong = {
        module: sorted(target for target in targets if target.startswith(above))
        for module, targets in import_graph().items()
        if module.startswith(CACHING)
    }
    assert {module: targets for module, targets in wrong.items() if targets} == {}


def test_the_old_paths_stay_gone():
    assert [path for path in OLD_PATHS if (ROOT / path).exists()] == []


def test_the_graph_sees_a_circle_hidden_in_a_function():
    """The reader above finds what it must: a circle closed by an import inside a function."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
