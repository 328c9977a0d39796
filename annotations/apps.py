from django.apps import AppConfig
from simple_history.manager import HistoryDescriptor


class ReusedManagerHistoryDescriptor(HistoryDescriptor):
    """simple-history's ``Model.history`` descriptor, building its manager class once.

    The library's descriptor makes a new manager class (``from_queryset``,
    which inspects every queryset method) on each access, and its post_save
    handler reads ``instance.history`` for every history row it writes: about
    half a millisecond per row, two rows per verdict (docs/benchmarks.md).
    The class is the same each time, so it is made once; the rows are still
    written by simple-history itself.
    """

    def __get__(self, instance, owner):
        manager_class = self.__dict__.get("_manager_class")
        if manager_class is None:
            manager_class = self._manager_class = self.manager_class.from_queryset(self.queryset_class)
        return manager_class(self.model, instance)


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Fact-check annotations"

    def ready(self):
        for model in self.get_models():
            name = getattr(model._meta, "simple_history_manager_attribute", None)
            descriptor = model.__dict__.get(name) if name else None
            if type(descriptor) is HistoryDescriptor:
                setattr(model, name, ReusedManagerHistoryDescriptor(
                    descriptor.model, manager=descriptor.manager_class, queryset=descriptor.queryset_class,
                ))
