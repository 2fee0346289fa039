"""The 20 KB page of the bench's ceilings (portal.workload.bench._urls,
portal.workload.bench._bare) and of the static file nginx serves beside the front cache."""

PAGE_BYTES = 20 * 1024
HEAD = "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Trần</title></head><body>"
PARAGRAPH = "<p>Nghị quyết của Đảng bộ về công tác xây dựng Đảng.</p>\n".encode()
TAIL = b"</body></html>\n"
_room = PAGE_BYTES - len(HEAD.encode()) - len(TAIL)
CEILING_PAGE = (
    HEAD.encode() + PARAGRAPH * (_room // len(PARAGRAPH)) + b" " * (_room % len(PARAGRAPH)) + TAIL
)
