viewsets = []
