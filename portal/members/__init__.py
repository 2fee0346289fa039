"""Managing the membership: the Wagtail admin for members, chi bộ and committees, the CSV/XLSX
import and the invitations it sends."""
