"""Wagtail's "new page" form without autosave.

Wagtail 8 autosaves the create form as soon as a field changes: the first change (choosing the
document type) fails validation and shows "Tự động lưu đang tạm dừng" on a form the editor has
barely touched, and once the title is typed the page is created behind the editor's back, so
pressing "Lưu bản nháp" then says "Đã cập nhật trang" and a half-written document is already in
the listings. A new page is created when the editor saves it; autosave keeps working on the edit
form of a page that exists."""

from wagtail.admin.views.pages.create import CreateView


class CreateWithoutAutosaveView(CreateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "autosave_enabled": False, "autosave_indicator": None}
