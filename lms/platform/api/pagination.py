"""Default pagination of API lists: ?page=N&page_size=M (at most 100).

A page that does not exist (0, beyond the last, not a number) is a 404, as in DRF. A page size
that is not a whole number of at least 1 is a 400 naming `page_size` (DRF would silently fall
back to the default size); a size above 100 is cut to 100.
"""

from rest_framework import exceptions, pagination, serializers


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param, "")
        if value == "":
            return self.page_size
        try:
            size = serializers.IntegerField(min_value=1).run_validation(value)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError({self.page_size_query_param: error.detail}) from None
        return min(size, self.max_page_size)
